print("feedmerge")
