from django.db import migrations, models


class Migration(migrations.Migration):
    """Separate from 0005: PostgreSQL may refuse to alter a table in the transaction that just updated its rows."""

    dependencies = [
        ('certificates', '0005_certificate_revocation_category'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'revoked'), _negated=True), models.Q(('revocation_category', ''), _negated=True), _connector='OR'), name='revoked_certificate_has_a_category'),
        ),
    ]
