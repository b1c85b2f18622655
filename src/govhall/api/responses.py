"""What the API answers where a service builds the body: typed, so the OpenAPI schema documents it.

The services behind these routes (jobs, schedules, the knowledge graph, the assistant, opinion
monitoring, the policy library) return plain dicts that the pages, the CLI's ``--json`` and the API
all share. These models describe those dicts field by field for API clients without changing one
byte of the JSON: every field listed is always present with this type, numbers that may be whole
or fractional are ``Number`` (an ``int`` stays an ``int``), and ``extra="allow"`` passes on any
field a model does not list (an item node's department, a calculation, a field a service adds
later), so documenting a body can never drop what a client reads.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Number = int | float
"""A quantity that may be whole or fractional: pydantic keeps each as it came (``float`` would turn 1 into 1.0)."""


class Reply(BaseModel):
    """Base of the response models: the fields listed are always there; others pass through."""

    model_config = ConfigDict(extra="allow")


# --- operations ---


class HealthPublic(Reply):
    status: str = Field(description="ok：数据库可用")


class JobPublic(Reply):
    """One background job with its progress."""

    id: int
    kind: str = Field(description="任务类型，如 ingest、analyze、policy_vectors、opinion.collect")
    params: dict[str, Any]
    status: str = Field(description="queued | running | done | failed")
    progress: int
    total: int | None
    eta_seconds: Number | None = Field(description="按目前速度估计的剩余秒数（运行中且已知总数时）")
    result: dict[str, Any] | None
    error: str | None
    worker: str | None
    created_at: str | None
    started_at: str | None
    finished_at: str | None


class JobCounts(Reply):
    queued: int
    running: int
    done: int
    failed: int


class JobSummary(Reply):
    counts: JobCounts
    jobs: list[JobPublic] = Field(description="最近的任务，新的在前")


class SchedulePublic(Reply):
    """A cron schedule with its last and next run."""

    id: int
    name: str
    kind: str
    params: dict[str, Any]
    cron: str = Field(description="cron 表达式（北京时间）")
    enabled: bool
    last_run_at: str | None
    next_run_at: str | None = Field(description="停用时为空")
    last_job_id: int | None
    last_status: str | None
    last_error: str | None


class SourcePublic(Reply):
    """An opinion collector source with its last run and back-off."""

    id: int
    name: str
    kind: str
    kind_name: str
    location: str
    cron: str
    mapping: dict[str, Any]
    options: dict[str, Any]
    credential_setting: str = Field(description="保存访问令牌的环境变量名（从不返回密钥本身）")
    enabled: bool
    failures: int
    retry_at: str | None
    last_run_at: str | None
    last_ok_at: str | None
    last_error: str | None
    last_imported: int | None
    total_imported: int | None


class SubscriptionPublic(Reply):
    id: int
    user_id: int
    watch: str
    watch_name: str
    value: str
    channels: list[str]


# --- 好差评 ---


class RatingVocabulary(Reply):
    levels: dict[str, str] = Field(description="分值 → 名称（5 非常满意 … 1 非常不满意）")
    good: list[str] = Field(description="好评可选的原因")
    bad: list[str] = Field(description="差评可选的原因")


class RatingSummary(Reply):
    total: int
    by_score: dict[str, int]
    good_rate: Number | None = Field(description="好评（4、5 分）占比，无评价时为空")
    open_follow_ups: int


# --- knowledge graph and recommendations ---


class GraphNode(Reply):
    """A node; item nodes also carry ``department`` and ``keywords``."""

    kind: str
    kind_label: str
    key: str
    label: str


class GraphBuildReport(Reply):
    origin: str = Field(description="catalogue | policies")
    rebuilt: bool
    nodes: int
    edges: int


class GraphNeighbour(Reply):
    node: GraphNode
    relation: str
    relation_label: str
    direction: str = Field(description="out | in")
    confidence: Number
    evidence: str
    attrs: dict[str, Any]


class GraphNeighbours(Reply):
    node: GraphNode
    neighbours: list[GraphNeighbour]


class GraphStep(Reply):
    source: GraphNode
    relation: str
    relation_label: str
    target: GraphNode


class GraphPath(Reply):
    found: bool
    steps: list[GraphStep]


class ItemRequiring(Reply):
    item: GraphNode
    material: dict[str, Any] = Field(description="材料名称、形式、份数")


class GroupPolicy(Reply):
    relation: str
    relation_label: str
    node: GraphNode
    confidence: Number
    evidence: str


class ChartCategory(Reply):
    name: str
    kind: str


class ChartNode(Reply):
    id: str
    name: str
    kind: str
    key: str
    category: int
    symbolSize: Number


class ChartLink(Reply):
    source: str
    target: str
    name: str


class GraphChart(Reply):
    """The graph page's data in the shape an ECharts graph series takes."""

    categories: list[ChartCategory]
    nodes: list[ChartNode]
    links: list[ChartLink]


class Assessment(Reply):
    """One item judged for one profile; ``calculation`` is added where the item computes a benefit."""

    code: str
    status: str = Field(description="eligible | almost | insufficient | not_eligible")
    groups: list[str]
    reasons: list[dict[str, Any]] = Field(description="每条规则：条件、字段、结果、依据")
    unmet: list[str]
    missing: list[dict[str, str]] = Field(description="还需要填写的情况")


class NamedAssessment(Assessment):
    name: str = Field(description="事项名称")


class Recommendations(Reply):
    eligible: list[NamedAssessment]
    almost: list[NamedAssessment]
    insufficient: list[NamedAssessment]


class RosterCounts(Reply):
    eligible: int
    almost: int
    insufficient: int
    not_eligible: int
    errors: int


class RosterResult(Reply):
    item: str
    counts: RosterCounts
    eligible: list[dict[str, Any]]
    almost: list[dict[str, Any]]
    insufficient: list[dict[str, Any]]
    errors: list[dict[str, Any]] = Field(description="无法判断的行，按序号")


# --- assistant ---


class SessionOpened(Reply):
    id: str
    stage: str
    key: str = Field(
        description="匿名会话所属浏览器的钥匙（也写入 govhall_chat Cookie；无 Cookie 的客户端放在 X-Chat-Key 头中）"
    )


class TurnPublic(Reply):
    """One answer of the assistant (also the ``final`` event of a streamed answer)."""

    reply: str
    intent: str | None
    service: dict[str, str] | None = Field(description="谈到的事项：code 与 name")
    form: dict[str, Any] = Field(description="已填写的表单（脱敏）")
    missing: list[str] = Field(description="还缺的字段")
    citations: list[dict[str, Any]]
    case: dict[str, Any] | None = Field(description="提交后的办件")
    handoff: bool
    stage: str
    turn: int | None = Field(description="这条答复在会话记录中的序号（评价时使用）")


class LogTurn(Reply):
    """One turn of the log; a clerk's carries ``by``, an assistant reply may carry ``feedback``."""

    turn: int
    role: str = Field(description="user | assistant | staff")
    text: str


class ConversationLog(Reply):
    id: str
    items: list[LogTurn]
    next: int = Field(description="下次从这里继续读取（after 参数）")
    handoff: bool


class FeedbackPublic(Reply):
    id: str
    turn: int
    rating: str
    reason: str
    at: str


class StaffReplyPublic(Reply):
    id: str
    turn: int
    by: str
    at: str


class HandoffPublic(Reply):
    """A conversation as a clerk sees it: masked turns and the masked form filled so far."""

    id: str
    service: dict[str, str] | None
    stage: str
    handoff: bool
    handoff_reason: str | None
    handoff_reason_label: str
    department: str | None
    form: dict[str, Any]
    fields: list[dict[str, Any]] = Field(description="表单字段：名称、标题、值（脱敏）、来自第几轮")
    turns: list[dict[str, Any]]
    case: str | None
    updated_at: str


class HandoffList(Reply):
    items: list[HandoffPublic]


class HandledPublic(Reply):
    id: str
    handoff: bool
    handled_by: str


# --- policy library ---


class SearchHit(Reply):
    title: str
    article: str
    path: str
    text: str
    score: Number
    article_id: int
    document_id: int
    status: str
    doc_type: str | None
    promulgated_on: str | None
    bm25: Number
    dense: Number | None


class PolicySearch(Reply):
    query: str
    results: list[SearchHit]


class _Document(Reply):
    id: int
    title: str
    doc_type: str | None
    issuer: str | None
    doc_number: str | None
    promulgated_on: str | None
    status: str
    superseded_by: str | None


class DocumentSummary(_Document):
    articles: int = Field(description="条文数")


class DocumentArticle(Reply):
    """An article with its own interpretation (applies_to, grants …)."""

    id: int
    article: str
    path: str
    paragraphs: Any


class DocumentDetail(_Document):
    """A document with its interpretation and every article."""

    info_lines: list[Any]
    summary: str
    keywords: list[Any]
    applies_to: list[Any]
    grants: list[Any]
    articles: list[DocumentArticle]


# --- opinion monitoring ---


class PostPublic(Reply):
    """A post as anyone may see it: text and author are stored masked."""

    id: int
    source: str
    external_id: str
    time: str = Field(description="发布时间（北京时间，ISO 8601）")
    text: str
    author: str | None
    region: str | None
    url: str | None
    item_code: str | None
    policy: str | None
    department: str | None
    sentiment: str | None
    sentiment_score: Number | None
    topic_id: int | None
    duplicate_of: int | None
    is_spam: bool


class PostCreated(Reply):
    created: bool = Field(description="false：同一帖子已导入过")
    post: PostPublic | None


class PostPage(Reply):
    rows: list[PostPublic]
    total: int
    page: int
    pages: int
    per_page: int


class SeriesPoint(Reply):
    bucket: str
    key: str
    count: int
    negative: int
    negative_share: Number


class TopicOverview(Reply):
    id: int
    label: str
    keywords: list[Any]
    posts: int
    negative_share: Number
    item_code: str | None
    department: str | None
    representatives: list[Any]


class TopicRun(Reply):
    posts: int
    topics: list[dict[str, Any]] = Field(
        description="找到的话题：编号、名称、关键词及权重、规模、代表帖子、是否沿用旧编号"
    )


class AlertPublic(Reply):
    id: int
    scope: str
    key: str
    name: str
    bucket_start: str
    count: int
    baseline: Number
    score: Number
    negative_share: Number
    delivered: bool
    message: str


class AlertPosts(Reply):
    alert: AlertPublic
    posts: list[PostPublic]


class Summary(Reply):
    """What the posts say: representative sentences, keywords, departments, items, trend, policies."""

    posts: int
    negative_share: Number | None
    keywords: list[Any]
    sentences: list[Any]
    departments: list[dict[str, Any]]
    items: list[dict[str, Any]]
    trend: Any
    policies_mentioned: list[dict[str, Any]]
    citations: list[dict[str, Any]]


class TopicSummary(Summary):
    topic: dict[str, Any] = Field(description="id 与 label")


class AlertSummary(Summary):
    alert: AlertPublic


class WeeklyBrief(Reply):
    department: str | None
    week_start: str
    week_end: str
    previous_week_start: str
    posts: int
    previous_posts: int
    negative_share: Number | None
    previous_negative_share: Number | None
    top_issues: list[dict[str, Any]]
    rising_keywords: list[Any]
    representative_sentences: list[Any]
    alerts: list[dict[str, Any]]
    citations: list[dict[str, Any]]
    headline: list[str] = Field(description="周报开头的几句话")


class ImpactReport(Reply):
    """Opinion before and after a policy took effect."""

    policy: str
    effective: str
    before: dict[str, Any]
    after: dict[str, Any]
    volume_change: int
    negative_share_change: Number | None
    concerns: list[dict[str, Any]]
    daily: list[SeriesPoint]
    verdict: str


class RoutePublic(Reply):
    item_code: str
    item_name: str
    department: str
    score: Number


# --- text understanding ---


class EntityPublic(Reply):
    """One entity; type-specific facts (an ID's birth date, an address's district …) come as extra fields."""

    type: str
    value: str | int | float = Field(description="规范化后的值")
    start: int
    end: int
    confidence: Number


class ExtractReport(Reply):
    """Sent only with ``service``: ``fields``, ``conflicts`` and ``missing`` (the route leaves unset fields out)."""

    text: str
    entities: list[EntityPublic]
    fields: dict[str, Any] | None = None
    conflicts: Any = None
    missing: list[Any] | None = None


class MaskReport(Reply):
    text: str
    masked: str
