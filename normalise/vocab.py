"""Word lists the rules are built from: what marks a comparator, a direction, a deadline.

Kept as data so a rule can be read (and extended) without reading matcher patterns. Phrases
are lower case and tokenised by the pipeline's own tokenizer when the patterns are built.
"""
from __future__ import annotations

GE = (
    "at least", "no less than", "not less than", "no fewer than", "not fewer than",
    "a minimum of", "minimum of", "minimum", "at a minimum", "as a minimum", "or above", "and above",
    "at or above", "at and above", "or more", "or higher", "or greater", "or over", "and over",
    "above", "over", "more than", "greater than", "exceed", "exceeds", "exceeding", "in excess of",
    "meet or exceed", ">=", "≥", ">", "= or >", "> or =", "=>",
)
LE = (
    "at most", "no more than", "not more than", "no greater than", "no higher than",
    "a maximum of", "maximum of", "maximum", "at a maximum", "or below", "and below", "or less",
    "or lower", "or fewer", "below", "under", "less than", "fewer than", "within", "up to",
    "<=", "≤", "<", "= or <", "< or =", "=<",
)
EQ = ("=",)

# Direction comes from verbs (and their nouns) only. "improve" is not here on purpose: an
# improvement can be a rise (access) or a fall (waits), so it names no direction.
INCREASE = (
    "increase", "increases", "increased", "increasing", "raise", "raises", "raising", "grow",
    "grows", "growing", "growth", "double", "doubled", "doubling", "expand", "expanded",
    "expanding", "expansion", "recover", "recovers", "recovered", "recovering", "boost",
    "maximise", "maximize", "maximising", "uplift", "rise", "rises", "rising", "rose", "risen",
    "up by",
)
DECREASE = (
    "reduce", "reduces", "reduced", "reducing", "reduction", "reductions", "decrease",
    "decreased", "decreasing", "cut", "cutting", "minimise", "minimize", "minimising",
    "minimizing", "fewer", "halve", "halving", "fallen", "fell", "dropped", "down by",
    "decline in", "fall in", "drop in",  # the nouns only with "in": "patients who decline", "falls"
)
# "more" alone is no direction ("more flexible"); after a verb of doing it is ("deliver more").
INCREASE_PHRASES = tuple(f"{verb} more" for verb in (
    "deliver", "delivering", "provide", "providing", "offer", "offering", "see", "seeing",
    "treat", "treating", "recruit", "recruiting", "support", "supporting", "give", "giving",
    "build", "building", "invest", "investing", "do", "doing",
))
MAINTAIN = (
    "maintain", "maintains", "maintained", "maintaining", "sustain", "sustains", "sustained",
    "sustaining", "retain", "retains", "retained", "retaining", "stabilise", "stabilize",
    "stabilising",
)
CHANGE_VERBS = set(INCREASE + DECREASE) | {"rise", "fall", "fell", "falls", "drop", "dropped", "change", "changed", "move", "moved"}
# "eliminate" is a decrease to a stated target of zero.
ELIMINATE = ("eliminate", "eliminates", "eliminated", "eliminating", "elimination", "eradicate")

# Words that put a date before them as a deadline, a softer "within this period", or a start.
BY = (
    "by", "by end", "by end of", "by the end of", "by the end", "before", "until", "till",
    "no later than", "due", "due by", "complete", "completed", "completion", "deadline",
    "end of", "end", "to end", "to end of", "to the end of", "at the latest by",
)
WEAK = ("in", "during", "throughout", "across", "for")
# "as of"/"as at" date a snapshot (its period), not a start or a deadline: not here.
FROM = ("from", "commencing", "commence", "starting", "start", "beginning", "begin", "between")

MONTH_WORDS = (
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec",
)  # "may" is matched only capitalised: "May" the month, not "may" the verb.

YTD = ("ytd", "year to date", "year-to-date", "fytd")
RELATIVE = ("latest", "previous", "prior", "current", "last month", "this month")

SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
CURRENCIES = {"£": "GBP", "$": "USD", "€": "EUR"}
DURATIONS = {
    "week": "weeks", "weeks": "weeks", "wk": "weeks", "wks": "weeks",
    "day": "days", "days": "days",
    "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours",
    "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
    "month": "months", "months": "months", "year": "years", "years": "years",
}
# A duration in its singular form after a number above one ("2 hour response", "28 day
# standard") is a compound modifier: it says what is measured, not the figure.
SINGULAR_DURATIONS = {"week", "wk", "day", "hour", "hr", "minute", "min", "month", "year"}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
# Comparing words that, before a duration, say which cases are counted ("waits of over 78
# weeks", "seen within 2 weeks") rather than comparing the figure.
THRESHOLDS = {"over", "within", "under", "more than", "less than", "longer than", "after",
              "up to", "above", "below", "exceeding", "in excess of"}
# A duration after one of these is the time frame, not the figure ("over the next 5 years").
TIMEFRAME = {"next", "last", "past", "coming", "first", "following", "previous"}
# A count after "under"/"over"/"aged" that follows one of these is an age ("children under 16").
PEOPLE = {"children", "people", "adults", "persons", "those", "residents", "patients", "population",
          "women", "men", "girls", "boys", "pupils", "individuals", "everyone", "anyone", "aged"}
SEASONS = {"spring", "summer", "autumn", "winter"}
# A year after one of these names a law ("Care Act 2014", "Regulations (2016)"), not a period.
LAW_WORDS = {"act", "acts", "regulations", "regulation", "order", "bill", "directive", "rules"}
# A number right after one of these is a name ("Section 75", "Pathway 0", "Year 6", "NHS 111").
LABEL_WORDS = {
    "section", "phase", "pathway", "pathways", "tier", "level", "levels", "year", "stage",
    "step", "wave", "band", "cohort", "nhs", "item", "appendix", "table", "priority", "option",
    "version", "page", "ward", "top", "covid", "covid-19", "aged", "age", "ages", "number",
    "no.", "grade", "key", "type", "schedule", "chapter", "part", "round", "core", "figure",
    "fig", "fig.", "chart", "graph", "map", "clause", "clauses", "paragraph", "paragraphs", "para",
    "annex", "scope", "article", "regulation", "line", "row", "column", "slide", "objective",
    "outcome", "goal", "action", "recommendation", "ref", "reference", "theme", "domain",
    "workstream", "footnote", "note", "order", "invoice", "po", "id", "account", "contract",
    "serial", "asset", "licence", "case", "application", "project", "suite", "office", "building",
    "block", "site", "plot", "bay", "lot", "zone", "route", "box", "question", "floor", "room", "district",
}
# Words that may stand beside a date in a cell that holds nothing but that date.
DATE_FILLER = {"end", "of", "the", "by", "and", "to", "-", "–", ".", ",", "(", ")", "*", ":",
               "ongoing", "date", "target", "due", "at", "latest", "in", "from", "throughout",
               "during", "quarter", "until", "before", "complete", "completed", "early", "mid",
               "late", "start", "beginning"}
PLACEHOLDERS = {"n/a", "na", "-", "–", "—", "none", "n/k", "tbc", "tbd", "nil", "not applicable"}
