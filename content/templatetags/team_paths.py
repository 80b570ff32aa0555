"""Links to team pages in templates, from `content.urls_paths` (the one source of every
face's links): `{% load team_paths %}` then `{% question_url team.slug question.pk %}`,
`{% answer_url team.slug question.pk answer.pk %}`, `{% tag_url team.slug tag.name %}`,
`{% user_url team.slug user.pk %}`, `{% article_url team.slug article.pk %}`,
`{% collection_url team.slug collection.pk %}`."""

from django import template

from .. import urls_paths

register = template.Library()

register.simple_tag(urls_paths.team_path, name="team_url")
register.simple_tag(urls_paths.question_path, name="question_url")
register.simple_tag(urls_paths.answer_path, name="answer_url")
register.simple_tag(urls_paths.article_path, name="article_url")
register.simple_tag(urls_paths.tag_path, name="tag_url")
register.simple_tag(urls_paths.user_path, name="user_url")
register.simple_tag(urls_paths.collection_path, name="collection_url")
