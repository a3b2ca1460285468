names = ["q", "p"]
