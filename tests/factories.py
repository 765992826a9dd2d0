import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from lms.models import Profile, User

TEST_PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Olena"
    last_name = "Kowalczuk"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        user.save()
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=extracted is not False, primary=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    """A completed profile; pass audience and its fields to change who the person is."""

    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    audience = Profile.Audience.FOREIGN_NATIONAL
    language = "pl"
    privacy_consent_at = factory.LazyFunction(timezone.now)
    completed_at = factory.LazyFunction(timezone.now)
