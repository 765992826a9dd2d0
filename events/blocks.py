"""The extra questions an editor can ask on an event's registration form."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class TextQuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Question"))
    help_text = blocks.CharBlock(label=_("Hint"), required=False)
    required = blocks.BooleanBlock(label=_("Answer required"), required=False)

    class Meta:
        icon = "edit"
        label = _("Text question")


class ChoiceQuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Question"))
    help_text = blocks.CharBlock(label=_("Hint"), required=False)
    choices = blocks.ListBlock(blocks.CharBlock(label=_("Option")), label=_("Options"), min_num=2)
    required = blocks.BooleanBlock(label=_("Answer required"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Choice question")


class RegistrationQuestionsBlock(blocks.StreamBlock):
    text = TextQuestionBlock()
    choice = ChoiceQuestionBlock()
