"""Public-opinion monitoring (舆情): ingest posts, clean them, sentiment, topics, routing to
departments, time series and spike alerts, policy-impact reports, and a job queue for big batches.

``govhall opinion …``, ``/api/opinion/…`` and the ``/opinion`` page are thin adapters over these
functions. Stored text is always masked (``govhall.text.mask``); nothing here keeps process state.
"""

from govhall.opinion.clean import bands, content_hash, hamming, is_spam, simhash
from govhall.opinion.demo import DEMO_POLICY, load_demo
from govhall.opinion.ingest import (
    MAX_POST_CHARS,
    Analyzer,
    ImportReport,
    PostIn,
    ingest_file,
    ingest_rows,
    parse_time,
    validate_post,
)
from govhall.opinion.jobs import (
    JOB_KINDS,
    JobContext,
    claim,
    enqueue,
    enqueue_ingest,
    get_job,
    ingest_parallel,
    job_dict,
    job_summary,
    run_job,
    work,
)
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionJob, OpinionPost, OpinionTopic
from govhall.opinion.queries import (
    alert_posts,
    alerts,
    find_post,
    post_dict,
    posts,
    recent_start,
    topics_overview,
)
from govhall.opinion.report import impact_report, write_pdf
from govhall.opinion.routing import Route, Router
from govhall.opinion.sentiment import (
    LABELS_ZH,
    SentimentCache,
    SentimentModel,
    SentimentResult,
    canonical_label,
    load_sentiment,
)
from govhall.opinion.series import day_start, detect_spikes, scan_alerts, time_series
from govhall.opinion.topics import TopicAssigner, TopicRun, discover_topics, npmi_coherence, topic_tokens

__all__ = [
    "DEMO_POLICY",
    "JOB_KINDS",
    "LABELS_ZH",
    "MAX_POST_CHARS",
    "Analyzer",
    "ImportReport",
    "JobContext",
    "OpinionAlert",
    "OpinionAlertPost",
    "OpinionJob",
    "OpinionPost",
    "OpinionTopic",
    "PostIn",
    "Route",
    "Router",
    "SentimentCache",
    "SentimentModel",
    "SentimentResult",
    "TopicAssigner",
    "TopicRun",
    "alert_posts",
    "alerts",
    "bands",
    "canonical_label",
    "claim",
    "content_hash",
    "day_start",
    "detect_spikes",
    "discover_topics",
    "enqueue",
    "enqueue_ingest",
    "find_post",
    "get_job",
    "hamming",
    "impact_report",
    "ingest_file",
    "ingest_parallel",
    "ingest_rows",
    "is_spam",
    "job_dict",
    "job_summary",
    "load_demo",
    "load_sentiment",
    "npmi_coherence",
    "parse_time",
    "post_dict",
    "posts",
    "recent_start",
    "run_job",
    "scan_alerts",
    "simhash",
    "time_series",
    "topic_tokens",
    "topics_overview",
    "validate_post",
    "work",
    "write_pdf",
]
