"""Column roles read from header vocabulary, never from one document's strings.

Each role is a small vocabulary of the words UK plans use in table headers; the first role
(in priority order) whose vocabulary a header matches is that column's role.
"""
from __future__ import annotations

import re

ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("owner", re.compile(r"\b(lead(s|ership)? (officer|organisation|partner)|lead|led by|owners?|responsib\w*|accountab\w*|sro)\b")),
    ("due", re.compile(r"\b(timescales?|time ?frames?|timelines?|by when|when|deadlines?|due( date)?|target date|completion( date)?|delivery date)\b")),
    ("baseline", re.compile(r"\b(baselines?|current (position|performance|status|state)|starting point|where we are( now)?)\b")),
    ("target", re.compile(r"\b(aims?|targets?|measures?( of success)?|success (criteria|measures?)|outcomes?|kpis?|expected (outcomes?|impact)|ambitions?|goals?|where we want to be|trajectory)\b")),
    ("deliverable", re.compile(r"(?<![-\w])(deliverables?|actions?|priorit(y|ies)|commit(ted|ments?)|what we (will|have|are going to)|key tasks?|initiatives?|activit(y|ies)|milestones?)\b")),
    ("programme", re.compile(r"\b(areas?|programmes?|themes?|workstreams?|work streams?|portfolios?|domains?|pillars?|strands?|shared outcomes?|categor(y|ies))\b")),
]

PERIOD_HEADER = re.compile(
    r"^(q[1-4]|quarter [1-4]|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[-\s']?\d{0,4}|(20)?\d{2}[/-]\d{2}|20\d{2})$"
)


def role_of(header: str) -> str | None:
    """The role a header names, or None when its words name none of ours."""
    text = re.sub(r"\s+", " ", header.lower()).strip()
    if not text:
        return None
    for role, pattern in ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return None


def column_roles(headers: list[str]) -> list[str | None]:
    """Roles for a header row; only the first column matching a role takes it, and a
    programme column must stand left of the deliverable column."""
    roles: list[str | None] = []
    seen: set[str] = set()
    for header in headers:
        role = role_of(header)
        if role in seen:
            role = None
        roles.append(role)
        if role:
            seen.add(role)
    if "programme" in roles and "deliverable" in roles and roles.index("programme") > roles.index("deliverable"):
        roles[roles.index("programme")] = None
    return roles


def is_period_header(header: str) -> bool:
    """Q1, Jan-23, 2023/24 ...: a column of planned or reported values by period."""
    return bool(PERIOD_HEADER.match(re.sub(r"\s+", " ", header.lower()).strip()))


PLACEHOLDERS = {"n/a", "na", "-", "–", "—", "none", "n/k"}


def unless_placeholder(text: str) -> str:
    """A cell's text, or '' where it only says "not applicable" (N/A, a dash)."""
    return "" if text.strip().lower() in PLACEHOLDERS else text
