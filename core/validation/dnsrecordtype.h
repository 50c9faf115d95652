// DnsRecordType: the record types ISPMan manages in its zones. The validators use it to pick the
// rules for owner names and values (underscores in service labels, wildcards, CNAME not at the
// apex, the syntax of the value).
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace Isp::Core {

enum class DnsRecordType {
    A,
    Aaaa,
    Cname,
    Ns,
    Ptr,
    Mx,
    Txt,
    Srv,
    Caa,
};

// The zone-file mnemonic: "A", "AAAA", "CNAME", ...
[[nodiscard]] QString dnsRecordTypeName(DnsRecordType type);
// Case-insensitive inverse of dnsRecordTypeName(); nullopt for types ISPMan does not manage.
[[nodiscard]] std::optional<DnsRecordType> dnsRecordTypeFromName(QStringView name);

} // namespace Isp::Core
