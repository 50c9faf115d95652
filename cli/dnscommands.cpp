#include "cli/dnscommands.h"

#include "cli/input.h"
#include "core/ops/dnsops.h"
#include "core/ops/zonefile.h"
#include "core/validation/dnsrecordvalue.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include <CLI/CLI.hpp>
#include <cstdio>

namespace Isp::Cli {

using namespace Core;

namespace {

constexpr qint64 MaxZoneFileBytes = 64 * 1024 * 1024;

QJsonObject toJson(const DnsRecord &r)
{
    QJsonObject o { { QStringLiteral("name"), r.name }, { QStringLiteral("type"), dnsRecordTypeName(r.type) },
        { QStringLiteral("value"), r.value } };
    if (r.ttl)
        o.insert(QStringLiteral("ttl"), *r.ttl);
    return o;
}

QJsonObject toJson(const DnsSoa &soa)
{
    return { { QStringLiteral("primary"), soa.primary }, { QStringLiteral("mailbox"), soa.mailbox },
        { QStringLiteral("serial"), qint64(soa.serial) }, { QStringLiteral("refresh"), soa.refresh },
        { QStringLiteral("retry"), soa.retry }, { QStringLiteral("expire"), soa.expire },
        { QStringLiteral("minimum"), soa.minimum } };
}

QJsonArray toJson(const QList<DnsRecord> &records)
{
    QJsonArray a;
    for (const DnsRecord &r : records)
        a.append(toJson(r));
    return a;
}

QString toText(const DnsRecord &r)
{
    return QStringLiteral("%1 %2 %3%4")
        .arg(r.name, -24)
        .arg(dnsRecordTypeName(r.type), -5)
        .arg(r.value, r.ttl ? QStringLiteral("  (ttl %1)").arg(*r.ttl) : QString());
}

QString toText(const DnsZone &z)
{
    QString t = QStringLiteral("zone %1  serial %2  ttl %3\n").arg(z.name).arg(z.soa.serial).arg(z.ttl);
    t += QStringLiteral("  SOA  %1 %2  refresh %3  retry %4  expire %5  minimum %6\n")
             .arg(z.soa.primary, z.soa.mailbox)
             .arg(z.soa.refresh)
             .arg(z.soa.retry)
             .arg(z.soa.expire)
             .arg(z.soa.minimum);
    for (const DnsRecord &r : z.records)
        t += QStringLiteral("  ") + toText(r) + QLatin1Char('\n');
    return t;
}

int printChange(const GlobalOptions &o, const QString &zone, const DnsOps::ZoneChange &c)
{
    const QJsonObject json { { QStringLiteral("zone"), zone }, { QStringLiteral("serial"), qint64(c.serial) },
        { QStringLiteral("changed"), c.changed }, { QStringLiteral("added"), toJson(c.added) },
        { QStringLiteral("removed"), toJson(c.removed) } };
    QString text;
    for (const DnsRecord &r : c.added)
        text += QStringLiteral("added    ") + toText(r) + QLatin1Char('\n');
    for (const DnsRecord &r : c.removed)
        text += QStringLiteral("removed  ") + toText(r) + QLatin1Char('\n');
    if (!c.changed)
        text += QStringLiteral("no change to %1 (serial %2)\n").arg(zone).arg(c.serial);
    else
        text += QStringLiteral("zone %1 serial %2\n").arg(zone).arg(c.serial);
    return print(o, json, text);
}

// The record of the command line: type, value and TTL as typed.
OpResult<DnsRecord> record(
    const std::string &name, const std::string &type, const std::string &value, const std::string &ttl)
{
    auto t = Validate::dnsRecordType(QStringLiteral("type"), qs(type));
    if (!t.ok())
        return OpError::invalid(t.error().field, t.error().message);
    auto seconds = Validate::dnsTtl(QStringLiteral("ttl"), qs(ttl));
    if (!seconds.ok())
        return OpError::invalid(seconds.error().field, seconds.error().message);
    return DnsRecord { qs(name), *t, qs(value), *seconds };
}

} // namespace

void addDnsCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string zone, name, type, value, ttl, file;
        bool replace = false;
    };
    auto a = std::make_shared<Args>();

    CLI::App *dns
        = app.add_subcommand("dns", "DNS zones and their records (A, AAAA, CNAME, MX, NS, TXT, SRV, CAA, PTR)");
    dns->require_subcommand(1);

    CLI::App *zones = dns->add_subcommand("zones", "List the zones with their serials");
    zones->callback([&o, &exitCode] {
        exitCode = runOp(
            o, [](DirectorySession &s) { return DnsOps::listZones(s); },
            [&](const QList<DnsOps::ZoneSummary> &list) {
                QJsonArray json;
                QString text;
                for (const DnsOps::ZoneSummary &z : list) {
                    json.append(QJsonObject { { QStringLiteral("name"), z.name }, { QStringLiteral("ttl"), z.ttl },
                        { QStringLiteral("soa"), toJson(z.soa) } });
                    text += QStringLiteral("%1  serial %2\n").arg(z.name, -40).arg(z.soa.serial);
                }
                return print(o, json, text.isEmpty() ? QStringLiteral("(no zones)") : text);
            });
    });

    CLI::App *show = dns->add_subcommand("show", "Show a zone: its SOA and every record");
    show->add_option("zone", a->zone, "Zone, e.g. example.com")->required();
    show->callback([a, &o, &exitCode] {
        exitCode = runOp(
            o, [&](DirectorySession &s) { return DnsOps::showZone(s, qs(a->zone)); },
            [&](const DnsZone &z) {
                const QJsonObject json { { QStringLiteral("zone"), z.name }, { QStringLiteral("ttl"), z.ttl },
                    { QStringLiteral("soa"), toJson(z.soa) }, { QStringLiteral("records"), toJson(z.records) } };
                return print(o, json, toText(z));
            });
    });

    const char *valueHelp
        = "Value in zone file syntax, one argument: 192.0.2.1, \"10 mx1.example.com.\", "
          "\"0 5 5060 sip\", \"v=spf1 -all\", \"0 issue letsencrypt.org\"; relative names are in the zone";
    CLI::App *add = dns->add_subcommand("add", "Add a record (the zone's serial goes up, its DNS hosts reload it)");
    add->add_option("zone", a->zone, "Zone, e.g. example.com")->required();
    add->add_option("name", a->name, "Owner name relative to the zone: www, @ (apex), *.shop, _sip._tcp")->required();
    add->add_option("type", a->type, "A, AAAA, CNAME, MX, NS, TXT, SRV, CAA or PTR")->required();
    add->add_option("value", a->value, valueHelp)->required();
    add->add_option("--ttl", a->ttl, "TTL in seconds of a new name (default: the zone's)");
    add->callback([a, &o, &exitCode] {
        auto r = record(a->name, a->type, a->value, a->ttl);
        if (!r.ok()) {
            exitCode = fail(r.error());
            return;
        }
        exitCode = runOp(
            o, [&](DirectorySession &s) { return DnsOps::addRecord(s, qs(a->zone), *r); },
            [&](const DnsOps::ZoneChange &c) { return printChange(o, qs(a->zone), c); });
    });

    CLI::App *del
        = dns->add_subcommand("delete", "Delete the record with this value (a name goes with its last record)");
    del->add_option("zone", a->zone, "Zone, e.g. example.com")->required();
    del->add_option("name", a->name, "Owner name relative to the zone")->required();
    del->add_option("type", a->type, "Record type")->required();
    del->add_option("value", a->value, valueHelp)->required();
    del->callback([a, &o, &exitCode] {
        auto r = record(a->name, a->type, a->value, std::string());
        if (!r.ok()) {
            exitCode = fail(r.error());
            return;
        }
        exitCode = runOp(
            o, [&](DirectorySession &s) { return DnsOps::removeRecord(s, qs(a->zone), *r); },
            [&](const DnsOps::ZoneChange &c) { return printChange(o, qs(a->zone), c); });
    });

    CLI::App *exp = dns->add_subcommand("export", "Print the zone as a BIND zone file");
    exp->add_option("zone", a->zone, "Zone, e.g. example.com")->required();
    exp->callback([a, &o, &exitCode] {
        exitCode = runOp(
            o, [&](DirectorySession &s) { return DnsOps::showZone(s, qs(a->zone)); },
            [](const DnsZone &z) {
                QTextStream(stdout) << exportZone(z);
                return 0;
            });
    });

    CLI::App *imp = dns->add_subcommand("import", "Load a BIND zone file into the zone: all of it or nothing");
    imp->add_option("zone", a->zone, "Zone, e.g. example.com (must exist)")->required();
    imp->add_option("file", a->file, "Zone file (- for standard input)")->required();
    imp->add_flag("--replace", a->replace,
        "The zone becomes the file (records, SOA fields, TTL); default: add the file's records");
    imp->callback([a, &o, &exitCode] {
        Input in;
        const QString text = in.fileText(a->file, MaxZoneFileBytes, QStringLiteral("file"), QStringLiteral("file"));
        const auto mode = a->replace ? DnsOps::ImportMode::Replace : DnsOps::ImportMode::Merge;
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return DnsOps::importZone(s, qs(a->zone), text, mode); },
            [&](const DnsOps::ZoneChange &c) { return printChange(o, qs(a->zone), c); });
    });
}

} // namespace Isp::Cli
