import FeedModel
