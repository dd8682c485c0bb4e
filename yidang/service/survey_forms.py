"""Forms of the satisfaction survey pages: a campaign and its questions, one household's answer sheet.

They only parse; ``surveys.py`` decides. Questions are edited as lines of text, one question a line, a
prefix naming the kind when it is not a satisfaction rating: ``[评分] 总体满意度`` / ``[意见] 意见和建议``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yidang.places.models import Project
from yidang.service.models import QuestionKind, Satisfaction, SurveyCampaign, SurveyMethod

PREFIXES = {QuestionKind.SCORE: "[评分]", QuestionKind.TEXT: "[意见]"}
_ALIASES = {
    "[评分]": QuestionKind.SCORE,
    "【评分】": QuestionKind.SCORE,
    "[意见]": QuestionKind.TEXT,
    "【意见】": QuestionKind.TEXT,
}
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def questions_text(questions: list[tuple[str, str]]) -> str:
    """Questions as the textarea shows them."""
    return "\n".join(f"{PREFIXES[QuestionKind(k)]} {t}" if k in PREFIXES else t for t, k in questions)


def questions_parse(text: str) -> list[tuple[str, str]]:
    """The textarea's lines as (text, kind); blank lines are skipped."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        kind = QuestionKind.RATING
        for prefix, aliased in _ALIASES.items():
            if line.startswith(prefix):
                line, kind = line.removeprefix(prefix).strip(), aliased
        if line:
            rows.append((line, str(kind)))
    return rows


QUESTIONS_HELP = _(
    "每行一题。默认为满意度题（满意 / 基本满意 / 不满意）；行首写 [评分] 为 1–5 分题，写 [意见] 为文字意见题。"
)


class QuestionsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 9})

    def to_python(self, value: Any) -> list[tuple[str, str]]:  # type: ignore[override]
        return questions_parse(str(value or ""))


class CampaignForm(forms.Form):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none(), empty_label=None)
    name = forms.CharField(label=_("调查名称"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE_INPUT)
    questions = QuestionsField(label=_("题目"), required=False, help_text=QUESTIONS_HELP)

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        if projects.count() == 1:
            self.fields["project"].widget = forms.HiddenInput()


class QuestionsForm(forms.Form):
    questions = QuestionsField(label=_("题目"), required=False, help_text=QUESTIONS_HELP)


RATING_KEYS = {"1": Satisfaction.SATISFIED, "2": Satisfaction.BASIC, "3": Satisfaction.DISSATISFIED}


class AnswerForm(forms.Form):
    """One household's answer sheet: a field per question (``q<id>``), named as the action reads them."""

    method = forms.ChoiceField(label=_("调查方式"), choices=SurveyMethod.choices, widget=forms.RadioSelect)
    respondent = forms.CharField(label=_("受访人"), max_length=50, required=False)

    def __init__(self, *args: Any, campaign: SurveyCampaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(campaign.questions.order_by("order"))
        for q in self.questions:
            label = f"{q.order}. {q.text}"
            if q.kind == QuestionKind.TEXT:
                field: forms.Field = forms.CharField(label=label, max_length=500, required=False)
            elif q.kind == QuestionKind.SCORE:
                choices = [(str(n), str(n)) for n in range(1, 6)]
                field = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=False)
            else:
                field = forms.ChoiceField(
                    label=label, choices=Satisfaction.choices, widget=forms.RadioSelect, required=False
                )
            field.widget.attrs["data-kind"] = q.kind
            self.fields[f"q{q.pk}"] = field

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") or "" for q in self.questions}

    def question_fields(self) -> list[Any]:
        return [self[f"q{q.pk}"] for q in self.questions]
