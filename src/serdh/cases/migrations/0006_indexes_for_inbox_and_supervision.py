"""Indexes for the referral inbox and workflow's supervision page at hundreds of thousands of
cases (issue 13, bench/case_list.py): each lets PostgreSQL answer from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_transfers_and_sharing_basis"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["organization", "status", "id"], name="case_org_status"),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=[
                    *("to_organization", "status", "urgency", "due_date"),
                    *("id", "case", "from_organization"),
                ],
                name="referral_inbox_rows",
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["from_organization", "status", "due_date", "case", "id"],
                name="referral_sent_due",
            ),
        ),
    ]
