#include "core/validation/dnsrecordtype.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace Isp::Core {

namespace {

constexpr std::array<std::pair<DnsRecordType, QStringView>, 9> Names { {
    { DnsRecordType::A, u"A" },
    { DnsRecordType::Aaaa, u"AAAA" },
    { DnsRecordType::Cname, u"CNAME" },
    { DnsRecordType::Ns, u"NS" },
    { DnsRecordType::Ptr, u"PTR" },
    { DnsRecordType::Mx, u"MX" },
    { DnsRecordType::Txt, u"TXT" },
    { DnsRecordType::Srv, u"SRV" },
    { DnsRecordType::Caa, u"CAA" },
} };

} // namespace

QString dnsRecordTypeName(DnsRecordType type)
{
    for (const auto &[t, name] : Names) {
        if (t == type)
            return name.toString();
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<DnsRecordType> dnsRecordTypeFromName(QStringView name)
{
    for (const auto &[t, n] : Names) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return t;
    }
    return std::nullopt;
}

} // namespace Isp::Core
