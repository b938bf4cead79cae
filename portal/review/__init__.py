"""Expert review of demonstration cases: the expert pool, rubrics, assignments, scores, the ranking
and the panel's collective decision (集体审议) that moves the top cases to 公示 under the call's quota."""
