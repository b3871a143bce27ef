#!/usr/bin/env python3
"""The baseline a user would otherwise write: a traveller manifest of N travellers in the
shape `paxsim generate` writes (same elements, MRZ lines with check digits, families sharing
a record locator), names, dates and addresses from Faker, streamed with lxml's incremental
writer (`etree.xmlfile`) so memory stays flat.

    python3 Benchmarks/generate_faker_baseline.py N OUT.xml [--seed S]
"""
import argparse
import random
import unicodedata

from faker import Faker
from lxml import etree

NS = "urn:paxsim:api:v1"
WEIGHTS = [7, 3, 1]


def check_digit(text):
    total = 0
    for i, ch in enumerate(text):
        if ch.isdigit():
            value = ord(ch) - 48
        elif "A" <= ch <= "Z":
            value = ord(ch) - 55
        else:
            value = 0
        total += value * WEIGHTS[i % 3]
    return str(total % 10)


def mrz_name(text):
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
    out = []
    for ch in plain:
        if "A" <= ch <= "Z" or ch.isdigit():
            out.append(ch)
        elif ch != "'" and out and out[-1] != "<":
            out.append("<")
    return "".join(out).strip("<")


def td3(issuer, surname, given, number, nationality, birth, sex, expiry):
    name = (mrz_name(surname) + ("<<" + mrz_name(given) if given else ""))[:39]
    line1 = ("P<" + issuer + name).ljust(44, "<")
    num = number.ljust(9, "<")
    dob = birth.strftime("%y%m%d")
    exp = expiry.strftime("%y%m%d")
    personal = "<" * 14
    part = num + check_digit(num) + nationality + dob + check_digit(dob) + sex + exp + check_digit(exp) + personal + "<"
    composite = check_digit(part[0:10] + part[13:20] + part[21:43])
    return [line1, part + composite]


def sub(parent, name, text=None, **attributes):
    element = etree.SubElement(parent, "{%s}%s" % (NS, name), **attributes)
    if text is not None:
        element.text = text
    return element


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("count", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    random.seed(args.seed)
    Faker.seed(args.seed)
    fakers = {"SLV": Faker("es_MX"), "USA": Faker("en_US")}
    with etree.xmlfile(args.out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("{%s}TravelerManifest" % NS, nsmap={None: NS}, schemaVersion="1.0"):
            head = etree.Element("{%s}Header" % NS, nsmap={None: NS})
            sub(head, "MessageId", "SV-DGME:MAN:TA570:20260314:P0001")
            sub(head, "Sender", "SV-DGME")
            sub(head, "Receiver", "US-CBP")
            sub(head, "CreatedAt", "2026-03-14T06:50:05-06:00")
            xf.write(head, pretty_print=True)
            for name, text in (("MessageFunction", "Original"), ("ListType", "Passenger")):
                element = etree.Element("{%s}%s" % (NS, name), nsmap={None: NS})
                element.text = text
                xf.write(element, pretty_print=True)
            flight = etree.Element("{%s}Flight" % NS, nsmap={None: NS})
            sub(flight, "Carrier", "TA")
            sub(flight, "FlightNumber", "570")
            leg = sub(sub(flight, "Legs"), "Leg", sequence="1")
            sub(leg, "DepartureAirport", "SAL")
            sub(leg, "ScheduledDeparture", "2026-03-14T08:35:00-06:00")
            sub(leg, "ArrivalAirport", "IAH")
            sub(leg, "ScheduledArrival", "2026-03-14T12:55:00-05:00")
            xf.write(flight, pretty_print=True)
            party = etree.Element("{%s}ReportingParty" % NS, nsmap={None: NS})
            sub(party, "Name", "Avianca El Salvador APIS Control SAL")
            xf.write(party, pretty_print=True)
            with xf.element("{%s}Travelers" % NS):
                written = 0
                group_left = 0
                while written < args.count:
                    if group_left == 0:
                        group_left = random.choice([1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4])
                        locator = "".join(random.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
                        nationality = random.choice(["SLV", "SLV", "SLV", "USA", "USA"])
                        fake = fakers[nationality]
                        family = fake.last_name()
                        address = (fake.street_address(), fake.city(), fake.postcode())
                    group_left -= 1
                    sex = random.choice("MF")
                    given = fake.first_name_male() if sex == "M" else fake.first_name_female()
                    surname = family + (" " + fake.last_name() if nationality == "SLV" else "")
                    birth = fake.date_of_birth(minimum_age=0, maximum_age=85)
                    expiry = fake.date_between(start_date="+1y", end_date="+10y")
                    number = fake.bothify("?########").upper()
                    t = etree.Element("{%s}Traveler" % NS, nsmap={None: NS}, reference="TA570-0314-%07d" % (written + 1))
                    sub(t, "Kind", "Passenger")
                    sub(t, "Surname", surname.upper())
                    sub(t, "GivenNames", given.upper())
                    sub(t, "Gender", sex)
                    sub(t, "DateOfBirth", birth.isoformat())
                    sub(t, "Nationality", nationality)
                    sub(t, "CountryOfResidence", nationality)
                    sub(t, "PlaceOfBirth", fake.city().upper())
                    a = sub(t, "Address")
                    sub(a, "Street", address[0])
                    sub(a, "City", address[1])
                    sub(a, "PostalCode", address[2])
                    sub(a, "Country", "USA")
                    sub(t, "Embarkation", "SAL")
                    sub(t, "Debarkation", "IAH")
                    sub(t, "Verified", "true")
                    sub(t, "Seat", "%d%s" % (written // 6 % 999 + 1, "ABCDEF"[written % 6]))
                    bags = random.choice([0, 1, 1, 2])
                    b = sub(t, "Bags", count=str(bags))
                    for k in range(bags):
                        sub(b, "Tag", "0202%06d" % ((written * 4 + k) % 1000000))
                    sub(t, "RecordLocator", locator)
                    docs = sub(t, "Documents")
                    d = sub(docs, "Document")
                    sub(d, "Type", "P")
                    sub(d, "Number", number)
                    sub(d, "IssuingState", nationality)
                    sub(d, "ExpiryDate", expiry.isoformat())
                    m = sub(d, "MRZ")
                    for line in td3(nationality, surname, given, number, nationality, birth, sex, expiry):
                        sub(m, "Line", line)
                    if nationality == "SLV":
                        v = sub(docs, "Document")
                        sub(v, "Type", "V")
                        sub(v, "Number", fake.numerify("########"))
                        sub(v, "IssuingState", "USA")
                        sub(v, "ExpiryDate", fake.date_between(start_date="+1y", end_date="+10y").isoformat())
                    xf.write(t, pretty_print=True)
                    written += 1
            totals = etree.Element("{%s}Totals" % NS, nsmap={None: NS})
            sub(totals, "Passengers", str(args.count))
            sub(totals, "Crew", "0")
            xf.write(totals, pretty_print=True)


main()
