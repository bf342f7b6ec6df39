"""Imported once by the extraction workers' forkserver, before it forks any worker.

Builds what every document needs and would otherwise build again in each fresh worker: the
spaCy pipeline of `normalise` (about 0.4 s). Workers get it copy-on-write. Also quietens
pdfminer, whose warnings about damaged files ("Data-loss while decompressing corrupted
data", one per object) would otherwise flood the run's stderr: what a damaged file cost is
said once, in its document's status. Nothing else should import this module.
"""
import logging

from normalise.rules import get_nlp

logging.getLogger("pdfminer").setLevel(logging.ERROR)
get_nlp()
