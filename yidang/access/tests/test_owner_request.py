"""An owner asks at the front desk to see their own file: the ID number typed must be a current owner's or
co-owner's (matched through the keyed hash, never stored in clear), with proof of ownership; the supervisor approves."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from tests.world import ID_OUYANG, ID_ZHANG_WEI
from yidang.access.actions import access_request_approve, access_request_file
from yidang.access.models import AccessRequest, RequestKind, RequestStatus
from yidang.access.tests.conftest import request_data
from yidang.archive.tests.scanfiles import EXE, image_bytes, pdf_bytes, upload
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.households.models import Occupancy
from yidang.people import crypto


def owner_data(world, **fields):
    values = {
        "kind": RequestKind.OWNER,
        "codes": "A2-15-1503",
        "visitor_name": "张伟",
        "visitor_id_number": ID_ZHANG_WEI.lower(),  # typed with a small x
        "proof": upload(image_bytes("JPEG"), "房产证.jpg", "image/jpeg"),
        "purpose": "业主查阅本户交房资料",
    }
    return request_data(world, **(values | fields))


def test_the_owner_is_matched_by_the_keyed_hash_and_only_the_mask_is_kept(world, hy1503, media):
    request = access_request_file(data=owner_data(world), actor=world.assistant)

    owner = Occupancy.objects.get(room=world.rooms["hy1503"]).person
    assert request.visitor_person == owner
    assert request.visitor_id_hash == crypto.lookup_hash(ID_ZHANG_WEI)
    assert request.visitor_id_masked == "110***********002X"
    assert request.visitor_label == "张伟（110***********002X）"
    stored = AccessRequest.objects.filter(pk=request.pk).values().get()
    assert not any(ID_ZHANG_WEI in str(v) for v in stored.values())
    assert ID_ZHANG_WEI not in str(AuditEvent.objects.get(action="access.request").after)
    name = request.proof.name or ""
    assert name.endswith(".jpg") and default_storage.exists(name)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"visitor_id_number": ID_OUYANG}, "visitor_id_number"),  # the owner of 801, not of 1503
        ({"visitor_id_number": "11010519491231003X"}, "visitor_id_number"),  # nobody's
        ({"visitor_id_number": ""}, "visitor_id_number"),
        ({"visitor_name": "张三"}, "visitor_name"),  # the right number, another name
        ({"codes": "A2-15-1503 B1-8-801"}, "visitor_id_number"),  # one owner, two households
        ({"proof": None}, "proof"),
        ({"proof": upload(EXE, "产权证.pdf")}, "proof"),
    ],
)
def test_an_identity_that_does_not_check_out_is_refused_and_nothing_is_stored(world, hy1503, media, fields, field):
    with pytest.raises(DomainError) as refused:
        access_request_file(data=owner_data(world, **fields), actor=world.assistant)

    assert refused.value.field == field
    assert not AccessRequest.objects.exists()
    assert not list(media.rglob("*.*"))


def test_a_former_owner_is_no_longer_matched(world, hy1503, media):
    from django.utils import timezone

    Occupancy.objects.filter(room=world.rooms["hy1503"]).update(end_date=timezone.localdate())

    with pytest.raises(DomainError):
        access_request_file(data=owner_data(world), actor=world.assistant)


def test_a_tiff_is_no_proof(world, hy1503, media):
    with pytest.raises(DomainError) as refused:
        access_request_file(data=owner_data(world, proof=upload(image_bytes("TIFF"), "p.tif")), actor=world.assistant)

    assert refused.value.field == "proof"


def test_the_supervisor_approves_an_owners_reading(world, hy1503, media):
    request = access_request_file(data=owner_data(world, proof=upload(pdf_bytes())), actor=world.assistant)

    done = access_request_approve(request=request, actor=world.supervisor)

    assert done.status == RequestStatus.APPROVED
