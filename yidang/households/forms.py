"""Forms of the household page. They only parse input; the actions decide and write."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yidang.households.models import OccupantRole, ParkingSpace, Vehicle
from yidang.people.actions import PersonData
from yidang.people.idnumbers import ID_TYPE_LABELS
from yidang.people.models import Sex
from yidang.places.models import RoomUse

# A browser date picker; the value must be ISO for <input type="date"> to show it.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    sex = forms.ChoiceField(label=_("性别"), choices=Sex.choices, required=False)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=[(t.value, label) for t, label in ID_TYPE_LABELS.items()])
    id_number = forms.CharField(label=_("证件号码"), max_length=30, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    native_place = forms.CharField(label=_("籍贯"), max_length=50, required=False)
    hukou_place = forms.CharField(label=_("户口所在地"), max_length=100, required=False)

    def person_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            name=d["name"],
            sex=d["sex"],
            id_type=d["id_type"],
            id_number=d["id_number"],
            phone=d["phone"],
            native_place=d["native_place"],
            hukou_place=d["hukou_place"],
        )


class OccupantForm(PersonForm):
    role = forms.ChoiceField(label=_("业户类型"), choices=OccupantRole.choices)
    start_date = forms.DateField(label=_("开始日期"), initial=timezone.localdate, widget=DATE_INPUT)

    field_order = ["role", "name", "sex", "id_type", "id_number", "phone", "native_place", "hukou_place", "start_date"]


class TransferForm(PersonForm):
    transfer_date = forms.DateField(label=_("过户日期"), initial=timezone.localdate, widget=DATE_INPUT)


class OccupancyEndForm(forms.Form):
    end_date = forms.DateField(label=_("结束日期"), initial=timezone.localdate, widget=DATE_INPUT)
    reason = forms.CharField(label=_("原因"), max_length=100, required=False)


class EmergencyContactForm(forms.Form):
    name = forms.CharField(label=_("紧急联系人"), max_length=50)
    phone = forms.CharField(label=_("紧急联系电话"), max_length=30)
    relation = forms.CharField(label=_("关系"), max_length=20, required=False)


class VehicleForm(forms.Form):
    plate = forms.CharField(label=_("车牌号"), max_length=20)
    kind = forms.ChoiceField(label=_("类型"), choices=Vehicle.Kind.choices)


class RoomForm(forms.Form):
    area = forms.DecimalField(label=_("建筑面积(m²)"), max_digits=9, decimal_places=2, min_value=0, required=False)
    use = forms.ChoiceField(label=_("房屋用途"), choices=RoomUse.choices)
    move_in_date = forms.DateField(label=_("入伙日期"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("备注"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VipProfileForm(forms.Form):
    birthday = forms.DateField(label=_("生日"), required=False, widget=DATE_INPUT)
    character = forms.CharField(label=_("性格特点"), max_length=200, required=False)
    preferences = forms.CharField(label=_("爱好偏好"), max_length=200, required=False)
    skills = forms.CharField(label=_("特长"), max_length=200, required=False)
    special_requests = forms.CharField(label=_("特殊需求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CompanyOccupantForm(forms.Form):
    role = forms.ChoiceField(
        label=_("业户类型"),
        choices=[
            (OccupantRole.OWNER, _("业主")),
            (OccupantRole.COMMERCIAL, _("商户")),
            (OccupantRole.TENANT, _("租户")),
        ],
    )
    name = forms.CharField(label=_("单位名称"), max_length=100)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    start_date = forms.DateField(label=_("开始日期"), initial=timezone.localdate, widget=DATE_INPUT)


class ParkingForm(forms.Form):
    code = forms.CharField(label=_("车位编号"), max_length=20)
    tenure = forms.ChoiceField(label=_("性质"), choices=ParkingSpace.Tenure.choices)
    permit_no = forms.CharField(label=_("停车证号"), max_length=30, required=False)
    valid_until = forms.DateField(label=_("有效期至"), required=False, widget=DATE_INPUT)
