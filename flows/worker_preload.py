"""Imported once by the extraction workers' forkserver, before it forks any worker.

Builds what every document needs and would otherwise build again in each fresh worker: the
spaCy pipeline of `normalise` (about 0.4 s). Workers get it copy-on-write. Nothing else
should import this module.
"""
from normalise.rules import get_nlp

get_nlp()
