"""Orchestration and every side effect: the raw store, write-audit-publish, the Prefect flow,
the `papers` command line.

    flows.pipeline_flow.ingest(paths, raw_dir="raw", curated_dir="curated") -> RunSummary
        the Prefect 3 flow (tasks: land, extract, validate-and-stage per dataset, publish)
    flows.run.run_ingest(paths, raw_dir, curated_dir)   the same run on plain threads
    flows.raw_store.land(path, raw_dir) -> LandedFile   content-addressed landing
    flows.publish.Publication                           write-audit-publish of one run
    flows.corrections.apply(results, entries)           reviewed accept/correct/drop, before validation
    flows.review.build_review(curated, raw, summary)    the static review report with row pictures
    flows.artifacts.publish(summary)                    the run report as Prefect artifacts
    flows.cli.main(argv) -> exit status                 `papers run PATH...`
"""
