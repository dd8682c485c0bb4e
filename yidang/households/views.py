from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yidang.accounts.queries import project_ids_of
from yidang.core.errors import DomainError
from yidang.households import actions
from yidang.households.forms import (
    CompanyOccupantForm,
    EmergencyContactForm,
    OccupancyEndForm,
    OccupantForm,
    ParkingForm,
    RoomForm,
    TransferForm,
    VehicleForm,
    VipProfileForm,
)
from yidang.households.models import EmergencyContact, ParkingSpace, Vehicle
from yidang.households.queries import household_get, occupancy_history
from yidang.households.search import parse_page, search_households
from yidang.places.actions import room_update
from yidang.places.models import Room

PAGE_SIZE = 20
view_required = permission_required("households.view_household", raise_exception=True)
change_required = permission_required("households.change_household", raise_exception=True)


def household_write(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """POST only, signed in, allowed to change households — every write view of this page."""
    return require_POST(login_required(change_required(view)))


@login_required
@view_required
def household_search(request: HttpRequest) -> HttpResponse:
    """Find a household by room, name, pinyin, phone tail, plate or ID number."""
    query = request.GET.get("q", "").strip()[:50]
    page_number = parse_page(request.GET.get("page"))
    offset = (page_number - 1) * PAGE_SIZE
    found = search_households(query, project_ids_of(request.user), offset=offset, limit=PAGE_SIZE)  # type: ignore[arg-type]
    # a capped count ("1000+") leaves one more page known to exist beyond it
    known = found.count + (1 if found.count_capped else 0)
    page = Paginator(range(known), PAGE_SIZE).get_page(page_number) if found.count else None
    context = {"query": query, "rooms": found.rooms, "count": found.count, "capped": found.count_capped, "page": page}
    template = "households/_results.html" if request.headers.get("HX-Request") else "households/search.html"
    return render(request, template, context)


@login_required
@view_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    room = household_get(request.user, pk)  # type: ignore[arg-type]
    return _render_detail(request, room)


def _render_detail(
    request: HttpRequest, room: Room, bound: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    can_change = request.user.has_perm("households.change_household")
    forms_by_name: dict[str, forms.Form] = {}
    if can_change:
        forms_by_name = {
            "occupant": OccupantForm(prefix="occupant"),
            "company": CompanyOccupantForm(prefix="company"),
            "parking": ParkingForm(prefix="parking"),
            "transfer": TransferForm(prefix="transfer"),
            "contact": EmergencyContactForm(prefix="contact"),
            "vehicle": VehicleForm(prefix="vehicle"),
            "room": RoomForm(prefix="room", initial=_room_initial(room)),
            "vip": VipProfileForm(prefix="vip", initial=_vip_initial(room)),
        }
        if bound is not None:
            forms_by_name[bound.prefix or ""] = bound
    context = {
        "room": room,
        "history": occupancy_history(room),
        "contacts": EmergencyContact.objects.filter(room=room),
        "vehicles": Vehicle.objects.filter(room=room),
        "parking": room.parking_spaces.all(),
        "vip": getattr(room, "vip_profile", None) if request.user.has_perm("households.view_vipprofile") else None,
        "can_change": can_change,
        "forms": forms_by_name,
        "open_form": bound.prefix if bound is not None else "",
        "end_form": OccupancyEndForm(prefix="end"),
    }
    return render(request, "households/detail.html", context, status=status)


def _room_initial(room: Room) -> dict[str, Any]:
    return {"area": room.area, "use": room.use, "move_in_date": room.move_in_date, "note": room.note}


def _vip_initial(room: Room) -> dict[str, Any]:
    vip = getattr(room, "vip_profile", None)
    fields = ["birthday", "character", "preferences", "skills", "special_requests"]
    return {f: getattr(vip, f) for f in fields} if vip else {}


def _household_post(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    prefix: str,
    apply: Callable[[Room, Any], str],
) -> HttpResponse:
    """Parse a household form, run its action; a DomainError comes back as a form error (400)."""
    room = household_get(request.user, pk)  # type: ignore[arg-type]
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            message = apply(room, form)
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, message)
            return redirect("households:detail", pk=room.pk)
    return _render_detail(request, household_get(request.user, pk), bound=form, status=400)  # type: ignore[arg-type]


@household_write
def occupant_add(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(room: Room, form: OccupantForm) -> str:
        d = form.cleaned_data
        actions.household_occupant_add(
            room=room, role=d["role"], person_data=form.person_data(), start_date=d["start_date"], actor=request.user
        )
        return _("已登记 %(name)s 为 %(room)s 的业户") % {"name": d["name"], "room": room.code}

    return _household_post(request, pk, OccupantForm, "occupant", apply)


@household_write
def company_add(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(room: Room, form: CompanyOccupantForm) -> str:
        actions.household_company_add(room=room, actor=request.user, **form.cleaned_data)
        return _("已登记 %(name)s 为 %(room)s 的业户") % {"name": form.cleaned_data["name"], "room": room.code}

    return _household_post(request, pk, CompanyOccupantForm, "company", apply)


@household_write
def parking_assign(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(room: Room, form: ParkingForm) -> str:
        space = actions.parking_space_assign(room=room, actor=request.user, **form.cleaned_data)
        return _("车位 %(code)s 已登记给 %(room)s") % {"code": space.code, "room": room.code}

    return _household_post(request, pk, ParkingForm, "parking", apply)


@household_write
def parking_release(request: HttpRequest, pk: int, space_pk: int) -> HttpResponse:
    room = household_get(request.user, pk)  # type: ignore[arg-type]
    space = get_object_or_404(ParkingSpace, room=room, pk=space_pk)
    actions.parking_space_release(space=space, actor=request.user)
    messages.success(request, _("车位 %(code)s 已解除") % {"code": space.code})
    return redirect("households:detail", pk=room.pk)


@household_write
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(room: Room, form: TransferForm) -> str:
        actions.household_transfer(
            room=room,
            new_owner=form.person_data(),
            transfer_date=form.cleaned_data["transfer_date"],
            actor=request.user,
        )
        return _("%(room)s 已过户给 %(name)s") % {"room": room.code, "name": form.cleaned_data["name"]}

    return _household_post(request, pk, TransferForm, "transfer", apply)


@household_write
def occupancy_end(request: HttpRequest, pk: int, occupancy_pk: int) -> HttpResponse:
    def apply(room: Room, form: OccupancyEndForm) -> str:
        occupancy = get_object_or_404(room.occupancies, pk=occupancy_pk)
        d = form.cleaned_data
        actions.household_occupancy_end(
            occupancy=occupancy, end_date=d["end_date"], reason=d["reason"], actor=request.user
        )
        return _("%(name)s 的入住记录已结束") % {"name": occupancy.occupant}

    return _household_post(request, pk, OccupancyEndForm, "end", apply)


@household_write
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(room: Room, form: EmergencyContactForm) -> str:
        actions.emergency_contact_add(room=room, actor=request.user, **form.cleaned_data)
        return _("已添加紧急联系人")

    return _household_post(request, pk, EmergencyContactForm, "contact", apply)


@household_write
def vehicle_add(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(room: Room, form: VehicleForm) -> str:
        vehicle = actions.vehicle_add(room=room, actor=request.user, **form.cleaned_data)
        return _("已登记车辆 %(plate)s") % {"plate": vehicle.plate}

    return _household_post(request, pk, VehicleForm, "vehicle", apply)


@household_write
def vehicle_remove(request: HttpRequest, pk: int, vehicle_pk: int) -> HttpResponse:
    room = household_get(request.user, pk)  # type: ignore[arg-type]
    vehicle = get_object_or_404(Vehicle, room=room, pk=vehicle_pk)
    actions.vehicle_remove(vehicle=vehicle, actor=request.user)
    messages.success(request, _("已注销车辆 %(plate)s") % {"plate": vehicle.plate})
    return redirect("households:detail", pk=room.pk)


@household_write
def room_edit(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(room: Room, form: RoomForm) -> str:
        room_update(room=room, actor=request.user, **form.cleaned_data)
        return _("房屋信息已保存")

    return _household_post(request, pk, RoomForm, "room", apply)


@household_write
@permission_required("households.view_vipprofile", raise_exception=True)
def vip_edit(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(room: Room, form: VipProfileForm) -> str:
        actions.vip_profile_save(room=room, actor=request.user, **form.cleaned_data)
        return _("VIP 个人档案已保存")

    return _household_post(request, pk, VipProfileForm, "vip", apply)
