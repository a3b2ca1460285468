a_153 = foo_bar[*].id
𝒜_154 = [for x in tags.*.id : 1e3 if x]
