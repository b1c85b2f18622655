"""Service statistics (服务统计): applications, processing time, deadlines, 好差评 and the assistant's
questions over a date range, for the statistics pages and their CSV export."""
