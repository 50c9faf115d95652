#include "console/editors/dnseditor.h"

#include "console/editors/webcommands.h"
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/validation/dnsrecordvalue.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

const QString Apex = QStringLiteral("@");

bool isAttribute(const LdapDn &dn, QLatin1String attribute)
{
    return !dn.isEmpty() && dn.rdnAttribute().compare(attribute, Qt::CaseInsensitive) == 0;
}

// Where a record change queues modifyDomain (core/ops/dnsops.h, queueZoneUpdate): the domain's
// dnsHost values, else every member of dnsgroup. A zone without a domain (reverse zones) uses
// the group.
OpResult<QStringList> dnsHosts(DirectorySession &s, const QString &zone)
{
    auto domain = DomainOps::show(s, zone);
    if (domain.ok() && !domain->domain.dnsHosts.isEmpty())
        return domain->domain.dnsHosts;
    auto group = HostOps::showGroup(s, QStringLiteral("dnsgroup"));
    if (!group.ok())
        return group.error();
    return group->members;
}

} // namespace

DnsEditor::DnsEditor(const ConsoleContext &context, QWidget *parent) : EntityEditor(context, parent)
{
    m_owner = new QLineEdit(this);
    m_owner->setObjectName(QStringLiteral("name"));
    m_owner->setPlaceholderText(tr("www, *.shop, _sip._tcp"));
    addField(QStringLiteral("name"), tr("Name"), m_owner);
    m_soa = new QLabel(this);
    m_soa->setObjectName(QStringLiteral("soa"));
    m_soa->setWordWrap(true);
    m_soa->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addField(QStringLiteral("soa"), tr("SOA"), m_soa);
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(QStringLiteral("records"));
    m_table->setHorizontalHeaderLabels({tr("Type"), tr("Value"), tr("TTL")});
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    addField(QStringLiteral("records"), tr("Records"), m_table);
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("type"));
    for (DnsRecordType t : dnsRecordTypes())
        m_type->addItem(dnsRecordTypeName(t), int(t));
    m_type->setCurrentIndex(m_type->findText(QStringLiteral("A")));
    addField(QStringLiteral("type"), tr("Type"), m_type);
    m_value = new QLineEdit(this);
    m_value->setObjectName(QStringLiteral("value"));
    m_value->setPlaceholderText(tr("192.0.2.1, \"10 mail\", \"v=spf1 -all\", \"0 issue letsencrypt.org\""));
    addField(QStringLiteral("value"), tr("Value"), m_value);
    m_ttl = new QLineEdit(this);
    m_ttl->setObjectName(QStringLiteral("ttl"));
    m_ttl->setPlaceholderText(tr("seconds; default: the zone's"));
    addField(QStringLiteral("ttl"), tr("TTL"), m_ttl);

    saveButton()->setToolTip(tr("Adds the record described by the fields"));
    m_replace = addButton(tr("Replace selected"), tr("The selected record becomes the one described by the fields"));
    m_replace->setObjectName(QStringLiteral("replaceRecord"));
    m_remove = addButton(tr("Remove selected"));
    m_remove->setObjectName(QStringLiteral("removeRecord"));
    connect(saveButton(), &QPushButton::clicked, this, &DnsEditor::add);
    connect(m_replace, &QPushButton::clicked, this, &DnsEditor::replaceSelected);
    connect(m_remove, &QPushButton::clicked, this, &DnsEditor::removeSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &DnsEditor::rowSelected);
    // Any step of the history (also an undo from the Edit menu) may have changed the records.
    connect(context.commands, &CommandStack::executed, this, [this] {
        if (!m_creating && !m_zone.isEmpty())
            reload();
    });
}

bool DnsEditor::startNew(const LdapDn &container)
{
    if (!isAttribute(container, QLatin1String("zoneName")))
        return false;
    m_zone = container.rdnValue();
    m_name.clear();
    m_creating = true;
    m_records.clear();
    setDn(LdapDn());
    clearErrors();
    m_owner->clear();
    m_owner->setReadOnly(false);
    m_value->clear();
    m_ttl->clear();
    m_table->setRowCount(0);
    form()->setRowVisible(m_soa->parentWidget(), false);
    form()->setRowVisible(m_table->parentWidget(), false);
    m_replace->hide();
    m_remove->hide();
    setTitle(tr("New name in %1").arg(m_zone));
    const QString zone = m_zone;
    read<QStringList>([zone](DirectorySession &s) { return dnsHosts(s, zone); },
                      [this](const QStringList &hosts) { setQueuePreview(QStringLiteral("modifyDomain"), hosts); });
    m_owner->setFocus();
    return true;
}

void DnsEditor::load(const LdapDn &dn)
{
    if (isAttribute(dn, QLatin1String("zoneName"))) {
        m_zone = dn.rdnValue();
        m_name = Apex;
    } else if (isAttribute(dn, QLatin1String("relativeDomainName")) && isAttribute(dn.parent(), QLatin1String("zoneName"))) {
        m_zone = dn.parent().rdnValue();
        m_name = dn.rdnValue().toLower();
    } else {
        showError(OpError::invalid({}, tr("%1 is not a name of a DNS zone").arg(dn.toString())));
        return;
    }
    m_creating = false;
    setDn(dn);
    clearErrors();
    m_owner->setText(m_name);
    m_owner->setReadOnly(true);
    form()->setRowVisible(m_soa->parentWidget(), m_name == Apex);
    form()->setRowVisible(m_table->parentWidget(), true);
    m_replace->show();
    m_remove->show();
    setTitle(m_name == Apex ? tr("Zone %1").arg(m_zone) : tr("DNS name %1.%2").arg(m_name, m_zone));
    const QString zone = m_zone;
    read<QStringList>([zone](DirectorySession &s) { return dnsHosts(s, zone); },
                      [this](const QStringList &hosts) { setQueuePreview(QStringLiteral("modifyDomain"), hosts); });
    reload();
}

void DnsEditor::reload()
{
    const QString zone = m_zone;
    read<DnsZone>([zone](DirectorySession &s) { return DnsOps::showZone(s, zone); },
                  [this](const DnsZone &z) { showZone(z); });
}

void DnsEditor::showZone(const DnsZone &zone)
{
    m_zoneTtl = zone.ttl;
    m_soa->setText(tr("%1 %2, serial %3, refresh %4, retry %5, expire %6, minimum %7, zone TTL %8")
                       .arg(zone.soa.primary, zone.soa.mailbox)
                       .arg(zone.soa.serial)
                       .arg(zone.soa.refresh)
                       .arg(zone.soa.retry)
                       .arg(zone.soa.expire)
                       .arg(zone.soa.minimum)
                       .arg(zone.ttl));
    m_records.clear();
    for (const DnsRecord &r : zone.records) {
        if (r.name.compare(m_name, Qt::CaseInsensitive) == 0)
            m_records << r;
    }
    m_table->setRowCount(int(m_records.size()));
    for (int row = 0; row < m_records.size(); ++row) {
        const DnsRecord &r = m_records.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(dnsRecordTypeName(r.type)));
        m_table->setItem(row, 1, new QTableWidgetItem(r.value));
        m_table->setItem(row, 2, new QTableWidgetItem(r.ttl ? QString::number(*r.ttl)
                                                            : tr("%1 (zone)").arg(zone.ttl)));
    }
    if (m_records.isEmpty() && m_name != Apex)
        showMessage(tr("%1.%2 has no records left (undo brings them back).").arg(m_name, m_zone));
    Q_EMIT loaded();
}

int DnsEditor::selectedRow() const
{
    const QList<QTableWidgetSelectionRange> ranges = m_table->selectedRanges();
    if (ranges.isEmpty())
        return -1;
    const int row = ranges.first().topRow();
    return row < m_records.size() ? row : -1;
}

void DnsEditor::rowSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const DnsRecord &r = m_records.at(row);
    m_type->setCurrentIndex(m_type->findData(int(r.type)));
    m_value->setText(r.value);
    m_ttl->setText(r.ttl ? QString::number(*r.ttl) : QString());
}

std::optional<DnsRecord> DnsEditor::formRecord()
{
    auto ttl = Validate::dnsTtl(QStringLiteral("ttl"), m_ttl->text().trimmed());
    if (!ttl.ok()) {
        showError(OpError::invalid(ttl.error().field, ttl.error().message));
        return std::nullopt;
    }
    DnsRecord r;
    r.name = m_creating ? m_owner->text().trimmed() : m_name;
    r.type = DnsRecordType(m_type->currentData().toInt());
    r.value = m_value->text().trimmed();
    r.ttl = *ttl;
    return r;
}

void DnsEditor::add()
{
    const std::optional<DnsRecord> record = formRecord();
    if (!record)
        return;
    auto change = std::make_shared<DnsOps::ZoneChange>();
    execute(WebCommands::addDnsRecord(m_zone, *record, change), [this, change, record] {
        m_value->clear();
        if (!m_creating)
            return;
        const QString name = change->added.isEmpty() ? record->name : change->added.first().name;
        load(context().dit.dnsName(m_zone, name));
    });
}

void DnsEditor::removeSelected()
{
    const int row = selectedRow();
    if (row < 0) {
        showMessage(tr("Select the record to remove."));
        return;
    }
    execute(WebCommands::removeDnsRecord(m_zone, m_records.at(row)));
}

void DnsEditor::replaceSelected()
{
    const int row = selectedRow();
    if (row < 0) {
        showMessage(tr("Select the record to replace."));
        return;
    }
    const std::optional<DnsRecord> to = formRecord();
    if (!to)
        return;
    execute(WebCommands::replaceDnsRecord(m_zone, m_records.at(row), *to));
}

} // namespace Isp::Console
