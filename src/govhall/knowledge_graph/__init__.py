"""Knowledge about who may get what: eligibility rules over citizen profiles, calculators.

The graph of items, materials, departments, policies and groups joins this package as the policy
library lands; the rules here already cite the articles they rest on.
"""

from govhall.knowledge_graph.calculators import CALCULATORS, maternity_allowance, unemployment_benefit_months
from govhall.knowledge_graph.profile import FIELD_LABELS, Profile
from govhall.knowledge_graph.recommend import recommend
from govhall.knowledge_graph.rules import (
    Assessment,
    Basis,
    Outcome,
    Rule,
    RuleBook,
    Status,
    assess,
    default_rulebook,
    load_rulebook,
)

__all__ = [
    "CALCULATORS",
    "FIELD_LABELS",
    "Assessment",
    "Basis",
    "Outcome",
    "Profile",
    "Rule",
    "RuleBook",
    "Status",
    "assess",
    "default_rulebook",
    "load_rulebook",
    "maternity_allowance",
    "recommend",
    "unemployment_benefit_months",
]
