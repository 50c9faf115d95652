#include "core/ldap/ldif.h"

#include <QSet>
#include <QStringDecoder>

#include <optional>

namespace Isp::Core {

namespace {

constexpr qsizetype foldColumn = 76;

std::optional<QString> decodeUtf8Strict(QByteArrayView bytes)
{
    QStringDecoder decoder(
        QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString out = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return out;
}

bool isOptionChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-';
}

// AttributeDescription = AttributeType *(";" option), RFC 2849 / RFC 4512.
bool isValidAttributeDescription(const QString &name)
{
    const QStringList parts = name.split(u';');
    if (!LdapDn::isValidAttributeType(parts.first()))
        return false;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        if (parts.at(i).isEmpty())
            return false;
        for (QChar c : parts.at(i)) {
            if (!isOptionChar(c))
                return false;
        }
    }
    return true;
}

// LDAPv2-style DNs (RFC 1779, and ISPMan 1.x's own "ispmanDomain=x, o=ispman") put a space after
// the separator. RFC 4514 never allows an unescaped space there, so dropping it cannot change a
// value; everything else is left to the strict parser.
QString dropSpacesAfterSeparators(const QString &dn)
{
    QString out;
    out.reserve(dn.size());
    bool afterSeparator = false;
    for (qsizetype i = 0; i < dn.size(); ++i) {
        const QChar c = dn.at(i);
        if (afterSeparator && c == u' ')
            continue;
        afterSeparator = false;
        if (c == u'\\' && i + 1 < dn.size()) {
            out += c;
            out += dn.at(++i);
            continue;
        }
        if (c == u',' || c == u'+')
            afterSeparator = true;
        out += c;
    }
    return out;
}

struct ParsedLine
{
    QString name;
    QByteArray value;
};

class Parser
{
public:
    Parser(const QByteArray &text, const LdifLimits &limits) : m_text(text), m_limits(limits) { }

    Result<QList<LdifRecord>, LdifError> run()
    {
        if (m_text.size() > m_limits.maxInputBytes)
            return fail(0, QStringLiteral("input-too-large"),
                QStringLiteral("the input has %1 bytes, more than the limit of %2")
                    .arg(m_text.size())
                    .arg(m_limits.maxInputBytes));
        qsizetype pos = 0;
        qsizetype lineNo = 0;
        const qsizetype n = m_text.size();
        while (pos < n) {
            qsizetype end = m_text.indexOf('\n', pos);
            if (end < 0)
                end = n;
            QByteArrayView line = QByteArrayView(m_text).sliced(pos, end - pos);
            if (line.endsWith('\r'))
                line.chop(1);
            pos = end + 1;
            ++lineNo;
            if (!physicalLine(line, lineNo))
                return m_error;
        }
        if (!finishLogicalLine() || !finishRecord())
            return m_error;
        return std::move(m_records);
    }

private:
    bool failed(qsizetype line, const QString &rule, const QString &message)
    {
        m_error = LdifError { line, rule, message };
        return false;
    }
    static LdifError fail(qsizetype line, const QString &rule, const QString &message)
    {
        return LdifError { line, rule, message };
    }

    bool physicalLine(QByteArrayView line, qsizetype lineNo)
    {
        if (line.startsWith(' ')) {
            if (m_inComment)
                return true;
            if (!m_haveLogical)
                return failed(lineNo, QStringLiteral("continuation-without-line"),
                    QStringLiteral("a continuation line (starting with a space) must follow a line "
                                   "of the same record, not a blank line or the start of the file"));
            if (m_logical.size() + line.size() - 1 > m_limits.maxLineBytes)
                return failed(m_logicalLine, QStringLiteral("line-too-long"),
                    QStringLiteral("the line (with its continuations) is longer than %1 bytes")
                        .arg(m_limits.maxLineBytes));
            m_logical += line.sliced(1);
            return true;
        }
        if (!finishLogicalLine())
            return false;
        m_inComment = false;
        if (line.isEmpty())
            return finishRecord();
        if (line.startsWith('#')) {
            m_inComment = true;
            return true;
        }
        if (line.size() > m_limits.maxLineBytes)
            return failed(lineNo, QStringLiteral("line-too-long"),
                QStringLiteral("the line is longer than %1 bytes").arg(m_limits.maxLineBytes));
        m_logical = line.toByteArray();
        m_logicalLine = lineNo;
        m_haveLogical = true;
        return true;
    }

    bool finishLogicalLine()
    {
        if (!m_haveLogical)
            return true;
        m_haveLogical = false;
        const QByteArray line = std::exchange(m_logical, QByteArray());
        return logicalLine(line, m_logicalLine);
    }

    bool splitLine(const QByteArray &line, qsizetype lineNo, ParsedLine *out)
    {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return failed(lineNo, QStringLiteral("missing-colon"),
                QStringLiteral("expected \"attribute: value\", found no attribute name and colon"));
        const auto name = decodeUtf8Strict(QByteArrayView(line).first(colon));
        if (!name || !isValidAttributeDescription(*name))
            return failed(lineNo, QStringLiteral("attribute-invalid"),
                QStringLiteral("\"%1\" is not a valid attribute description (RFC 4512: a name or "
                               "numeric OID, then options \";opt\" of letters, digits and -)")
                    .arg(QString::fromUtf8(QByteArrayView(line).first(std::min<qsizetype>(colon, 64)))));
        out->name = *name;
        qsizetype i = colon + 1;
        if (i < line.size() && line.at(i) == '<')
            return failed(lineNo, QStringLiteral("url-value"),
                QStringLiteral("%1: values given by URL (\":<\") are not read; put the value in the file")
                    .arg(out->name));
        const bool base64 = i < line.size() && line.at(i) == ':';
        if (base64)
            ++i;
        while (i < line.size() && line.at(i) == ' ')
            ++i;
        const QByteArrayView rest = QByteArrayView(line).sliced(i);
        if (base64) {
            QByteArrayView encoded = rest;
            while (encoded.endsWith(' '))
                encoded.chop(1);
            auto decoded
                = QByteArray::fromBase64Encoding(encoded.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                return failed(lineNo, QStringLiteral("base64-invalid"),
                    QStringLiteral("%1: the value after \"::\" is not valid base64").arg(out->name));
            out->value = std::move(*decoded);
            return true;
        }
        if (!rest.isEmpty() && (rest.front() == ':' || rest.front() == '<'))
            return failed(lineNo, QStringLiteral("value-unsafe"),
                QStringLiteral("%1: a value starting with \"%2\" must be base64-encoded (\"::\")")
                    .arg(out->name, QChar::fromLatin1(rest.front())));
        for (char c : rest) {
            if (c == '\0' || c == '\r')
                return failed(lineNo, QStringLiteral("value-unsafe"),
                    QStringLiteral("%1: a value containing NUL or CR must be base64-encoded (\"::\")").arg(out->name));
        }
        // RFC 2849 wants non-ASCII values base64-encoded; hand-written files often have plain
        // UTF-8, which is read when it is valid UTF-8 and refused otherwise.
        const bool isDn = out->name.compare(QLatin1StringView("dn"), Qt::CaseInsensitive) == 0;
        if (!isDn && !decodeUtf8Strict(rest))
            return failed(lineNo, QStringLiteral("value-not-utf8"),
                QStringLiteral("%1: a value that is not valid UTF-8 must be base64-encoded (\"::\")").arg(out->name));
        out->value = rest.toByteArray();
        return true;
    }

    bool logicalLine(const QByteArray &line, qsizetype lineNo)
    {
        ParsedLine parsed;
        if (!splitLine(line, lineNo, &parsed))
            return false;
        const auto is = [&](QLatin1StringView name) { return parsed.name.compare(name, Qt::CaseInsensitive) == 0; };

        if (m_state == State::Start) {
            m_state = State::BetweenRecords;
            if (is(QLatin1StringView("version"))) {
                if (parsed.value != "1")
                    return failed(lineNo, QStringLiteral("version-unsupported"),
                        QStringLiteral("only \"version: 1\" is supported, found \"version: %1\"")
                            .arg(QString::fromUtf8(parsed.value)));
                return true;
            }
        }
        if (m_state == State::BetweenRecords) {
            if (!is(QLatin1StringView("dn")))
                return failed(lineNo, QStringLiteral("dn-expected"),
                    QStringLiteral("a record must start with \"dn:\", found \"%1:\"").arg(parsed.name));
            return startRecord(parsed.value, lineNo);
        }
        if (m_state == State::AfterDn) {
            if (is(QLatin1StringView("control")))
                return failed(lineNo, QStringLiteral("control-unsupported"),
                    QStringLiteral("LDAP controls in change records are not supported"));
            if (is(QLatin1StringView("changetype"))) {
                m_state = State::Attributes;
                if (parsed.value.compare("add", Qt::CaseInsensitive) != 0)
                    return failed(lineNo, QStringLiteral("changetype-unsupported"),
                        QStringLiteral("only \"changetype: add\" records are read, not \"changetype: %1\"")
                            .arg(QString::fromUtf8(parsed.value)));
                return true;
            }
            m_state = State::Attributes;
        }
        if (is(QLatin1StringView("dn")))
            return failed(lineNo, QStringLiteral("dn-repeated"),
                QStringLiteral("a second \"dn:\" line in one record (records are separated by a blank line)"));
        if (++m_valueCount > m_limits.maxValuesPerEntry)
            return failed(lineNo, QStringLiteral("entry-too-large"),
                QStringLiteral("the record has more than %1 values").arg(m_limits.maxValuesPerEntry));
        const QString key = parsed.name.toLower() + QLatin1Char('\0') + QString::fromLatin1(parsed.value.toBase64());
        if (m_seenValues.contains(key))
            return failed(lineNo, QStringLiteral("duplicate-value"),
                QStringLiteral("%1: the same value is given twice").arg(parsed.name));
        m_seenValues.insert(key);
        m_current.entry.addValue(parsed.name, parsed.value);
        return true;
    }

    bool startRecord(const QByteArray &value, qsizetype lineNo)
    {
        if (m_records.size() >= m_limits.maxEntries)
            return failed(lineNo, QStringLiteral("too-many-entries"),
                QStringLiteral("the input has more than %1 records").arg(m_limits.maxEntries));
        if (value.size() > m_limits.maxDnBytes)
            return failed(lineNo, QStringLiteral("dn-too-long"),
                QStringLiteral("the DN is longer than %1 bytes").arg(m_limits.maxDnBytes));
        const auto text = decodeUtf8Strict(value);
        if (!text)
            return failed(lineNo, QStringLiteral("dn-not-utf8"), QStringLiteral("the DN is not valid UTF-8"));
        if (text->isEmpty())
            return failed(lineNo, QStringLiteral("dn-empty"), QStringLiteral("the DN is empty"));
        // RFC 4514 lets a DN carry control characters; no ISPMan name does, and a line break in a
        // DN is how one record is smuggled into another wherever DNs are printed.
        for (QChar c : *text) {
            if (c.category() == QChar::Other_Control)
                return failed(lineNo, QStringLiteral("dn-control-character"),
                    QStringLiteral("the DN contains a control character (U+%1)")
                        .arg(c.unicode(), 4, 16, QLatin1Char('0')));
        }
        QString why;
        auto dn = LdapDn::parse(dropSpacesAfterSeparators(*text), &why);
        if (!dn)
            return failed(lineNo, QStringLiteral("dn-invalid"), why);
        m_current = LdifRecord { LdapEntry(*dn), lineNo };
        m_state = State::AfterDn;
        m_valueCount = 0;
        m_seenValues.clear();
        return true;
    }

    bool finishRecord()
    {
        if (m_state == State::AfterDn)
            return failed(m_current.line, QStringLiteral("record-without-attributes"),
                QStringLiteral("the record of %1 has no attributes").arg(m_current.entry.dn().toString()));
        if (m_state == State::Attributes) {
            if (m_current.entry.isEmpty())
                return failed(m_current.line, QStringLiteral("record-without-attributes"),
                    QStringLiteral("the record of %1 has no attributes").arg(m_current.entry.dn().toString()));
            m_records << std::exchange(m_current, LdifRecord());
            m_state = State::BetweenRecords;
        }
        return true;
    }

    enum class State { Start, BetweenRecords, AfterDn, Attributes };

    const QByteArray &m_text;
    const LdifLimits &m_limits;
    LdifError m_error;
    QList<LdifRecord> m_records;
    LdifRecord m_current;
    State m_state = State::Start;
    QByteArray m_logical;
    qsizetype m_logicalLine = 0;
    bool m_haveLogical = false;
    bool m_inComment = false;
    qsizetype m_valueCount = 0;
    QSet<QString> m_seenValues;
};

void appendFolded(QByteArray *out, const QByteArray &line)
{
    if (line.size() <= foldColumn) {
        *out += line;
        *out += '\n';
        return;
    }
    *out += QByteArrayView(line).first(foldColumn);
    *out += '\n';
    for (qsizetype i = foldColumn; i < line.size(); i += foldColumn - 1) {
        *out += ' ';
        *out += QByteArrayView(line).sliced(i, std::min(foldColumn - 1, line.size() - i));
        *out += '\n';
    }
}

void appendValue(QByteArray *out, const QString &name, const QByteArray &value)
{
    QByteArray line = name.toUtf8();
    if (value.isEmpty())
        line += ':';
    else if (Ldif::isSafeString(value))
        line += ": " + value;
    else
        line += ":: " + value.toBase64();
    appendFolded(out, line);
}

} // namespace

QString LdifError::toString() const
{
    if (line <= 0)
        return QStringLiteral("%1 (%2)").arg(message, rule);
    return QStringLiteral("line %1: %2 (%3)").arg(line).arg(message, rule);
}

Result<QList<LdifRecord>, LdifError> Ldif::parseRecords(const QByteArray &text, const LdifLimits &limits)
{
    return Parser(text, limits).run();
}

Result<QList<LdapEntry>, LdifError> Ldif::parse(const QByteArray &text, const LdifLimits &limits)
{
    auto records = parseRecords(text, limits);
    if (!records.ok())
        return records.error();
    QList<LdapEntry> out;
    out.reserve(records->size());
    for (LdifRecord &r : records.value())
        out << std::move(r.entry);
    return out;
}

bool Ldif::isSafeString(const QByteArray &value)
{
    if (value.isEmpty())
        return true;
    const char first = value.front();
    if (first == ' ' || first == ':' || first == '<' || value.back() == ' ')
        return false;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0 || u == '\n' || u == '\r' || u > 0x7f)
            return false;
    }
    return true;
}

QByteArray Ldif::writeEntry(const LdapEntry &entry)
{
    QByteArray out;
    appendValue(&out, QStringLiteral("dn"), entry.dn().toString().toUtf8());
    const auto isObjectClass = [](const LdapAttribute &a) {
        return a.name.compare(QLatin1StringView("objectClass"), Qt::CaseInsensitive) == 0;
    };
    for (const LdapAttribute &a : entry.attributes()) {
        if (isObjectClass(a)) {
            for (const QByteArray &v : a.values)
                appendValue(&out, a.name, v);
        }
    }
    for (const LdapAttribute &a : entry.attributes()) {
        if (!isObjectClass(a)) {
            for (const QByteArray &v : a.values)
                appendValue(&out, a.name, v);
        }
    }
    return out;
}

QByteArray Ldif::write(const QList<LdapEntry> &entries)
{
    QByteArray out = "version: 1\n\n";
    for (const LdapEntry &e : entries) {
        out += writeEntry(e);
        out += '\n';
    }
    return out;
}

} // namespace Isp::Core
