// DnsEditor: the records of one owner name of a DNS zone, as the tree shows them (one node per
// dNSZone entry: the zone apex zoneName=<z>,ou=DNS and each relativeDomainName=<n>,zoneName=<z>
// below it). The records are a table (type, value, TTL); a record is added, removed or replaced
// through DnsOps, each an undoable command whose inverse is built from what core reports it
// really changed (values as stored, names made absolute). At the apex the SOA is shown, read
// only: core bumps its serial with every change. A new owner name is made by adding its first
// record (startNew on the zone).
//
// Core's refusals (a bad IPv4 address, a CNAME beside other records, a bad name) appear under
// the field they name: value, name, type or TTL.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/dnsrecord.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace Isp::Console {

class DnsEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit DnsEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    // `dn`: zoneName=<zone>,ou=DNS,<base> (the apex) or relativeDomainName=<name>,zoneName=<zone>,...
    void load(const Core::LdapDn &dn) override;
    // `container`: zoneName=<zone>,ou=DNS,<base>: the first record of a new owner name.
    bool startNew(const Core::LdapDn &container) override;

    [[nodiscard]] QString zone() const { return m_zone; }
    // The owner name shown, relative to the zone ("@" for the apex).
    [[nodiscard]] QString ownerName() const { return m_name; }
    // Its records as last read, in the table's order.
    [[nodiscard]] const QList<Core::DnsRecord> &records() const { return m_records; }

Q_SIGNALS:
    // The table shows the records just read from the directory.
    void loaded();

private:
    void reload();
    void showZone(const Core::DnsZone &zone);
    void rowSelected();
    // The record the form describes; on a bad TTL, shows core's message and returns nullopt.
    [[nodiscard]] std::optional<Core::DnsRecord> formRecord();
    void add();
    void removeSelected();
    void replaceSelected();
    [[nodiscard]] int selectedRow() const;

    QString m_zone;
    QString m_name;
    bool m_creating = false;
    QList<Core::DnsRecord> m_records;
    int m_zoneTtl = 0;

    QLabel *m_soa;
    QTableWidget *m_table;
    QLineEdit *m_owner;
    QComboBox *m_type;
    QLineEdit *m_value;
    QLineEdit *m_ttl;
    QPushButton *m_replace;
    QPushButton *m_remove;
};

} // namespace Isp::Console
