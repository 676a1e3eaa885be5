"""The CJG's report: the closure reports a begeleider received, their figures and their table."""
