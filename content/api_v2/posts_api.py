"""API v2.3 reads of posts (questions and answers in one list, by post id): `/posts` and
`/posts/{ids}` (sorts activity, creation, votes)."""

from ..selectors.post_lists import post_v2_list
from .lists import ListApi
from .posts import PostShape


class PostListBase(ListApi):
    shape = PostShape
    item_type = "post"

    def posts(self, **criteria):
        flt = self.filter
        return self.page(
            post_v2_list(
                team=self.request.team,
                user=self.request.user,
                vote_counts=flt.includes("post", "up_vote_count")
                or flt.includes("post", "down_vote_count"),
                comments=flt.includes("post", "comments"),
                **self.list_args(),
                **criteria,
            )
        )


class PostListApi(PostListBase):
    """`GET /posts`: the team's questions and answers."""

    def get(self, request):
        return self.posts()


class PostDetailApi(PostListBase):
    """`GET /posts/{ids}`: questions and answers by post id (they share one id space);
    unknown ids, articles and other teams' posts are simply absent."""

    def get(self, request, ids):
        return self.posts(post_ids=self.ids())
