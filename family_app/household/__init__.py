"""A second household device: joining, sync bundles, conflicts and the merge replica."""
