"""The reputation history (`ReputationChange`), written by `reputation_add` from now on.

Reputation earned before this migration has no history rows (none can be rebuilt honestly:
votes and acceptances do not keep when their reputation was given), so a member's history
may sum to less than their reputation.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0009_post_ids'),
        ('teams', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReputationChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('post_upvoted', 'Post upvoted'), ('post_unupvoted', 'Post upvote withdrawn'), ('post_downvoted', 'Post downvoted'), ('post_undownvoted', 'Post downvote withdrawn'), ('answer_accepted', 'Answer accepted'), ('answer_unaccepted', 'Answer unaccepted'), ('asker_accepts_answer', 'Asker accepts an answer'), ('asker_unaccept_answer', 'Asker unaccepts an answer'), ('post_deleted', 'Post deleted'), ('arbitrary_reputation_change', 'Arbitrary change')], max_length=40)),
                ('change', models.IntegerField()),
                ('post_id', models.BigIntegerField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='teams.team')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reputation_changes', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['team', 'user', 'created_at'], name='content_rep_team_user')],
            },
        ),
    ]
