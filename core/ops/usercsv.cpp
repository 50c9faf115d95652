#include "core/ops/usercsv.h"

#include <QStringDecoder>

namespace Isp::Core {

namespace {

struct Record
{
    QStringList fields;
    qsizetype line = 0; // where the record starts
};

// RFC 4180 records; the error names the line.
OpResult<QList<Record>> records(const QString &text)
{
    QList<Record> out;
    Record current{{}, 1};
    QString field;
    bool quoted = false, fieldStarted = false;
    qsizetype line = 1;
    const auto endField = [&] {
        current.fields << field;
        field.clear();
        fieldStarted = false;
    };
    const auto endRecord = [&] {
        endField();
        // A blank line is no record.
        if (!(current.fields.size() == 1 && current.fields.first().isEmpty()))
            out << current;
        current = Record{{}, line};
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == u'"') {
            if (fieldStarted && !field.isEmpty())
                return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: line %1: a quote inside an unquoted field (quote the whole field and double the quote)").arg(line));
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            endField();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            continue;
        } else if (c == u'\n') {
            ++line;
            endRecord();
        } else {
            field += c;
            fieldStarted = true;
        }
        if (out.size() > MaxUserCsvRows)
            return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: more than %1 rows").arg(MaxUserCsvRows));
    }
    if (quoted)
        return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: line %1: a quoted field is not closed").arg(current.line));
    endRecord();
    return out;
}

OpResult<bool> yesNo(const QString &value, const QString &yes, const QString &no, qsizetype line, const QString &column, bool fallback)
{
    const QString v = value.trimmed().toLower();
    if (v.isEmpty())
        return fallback;
    if (v == yes)
        return true;
    if (v == no)
        return false;
    return OpError::invalid(column, QStringLiteral("%1: line %2: \"%3\" is not %4 or %5").arg(column).arg(line).arg(value.left(40), yes, no));
}

} // namespace

OpResult<QList<UserOps::UserSpec>> parseUserCsv(const QByteArray &csv)
{
    if (csv.size() > MaxUserCsvBytes)
        return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: it has %1 bytes; at most %2 are allowed").arg(csv.size()).arg(MaxUserCsvBytes));
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(csv.startsWith("\xEF\xBB\xBF") ? csv.mid(3) : csv);
    if (utf8.hasError())
        return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: it is not UTF-8 text"));
    auto all = records(text);
    if (!all.ok())
        return all.error();
    if (all->isEmpty())
        return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: it is empty; the first line names the columns (address, given-name, ...)"));
    static const QStringList known{QStringLiteral("address"), QStringLiteral("given-name"), QStringLiteral("surname"), QStringLiteral("password"),
                                   QStringLiteral("mailbox"), QStringLiteral("mail-host"), QStringLiteral("mail-quota"), QStringLiteral("ftp-quota"),
                                   QStringLiteral("ftp"), QStringLiteral("forwards")};
    QHash<QString, qsizetype> column;
    const QStringList header = all->first().fields;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString name = header.at(i).trimmed().toLower();
        if (!known.contains(name))
            return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: line 1: unknown column \"%1\" (columns: %2)").arg(header.at(i).left(40), known.join(QStringLiteral(", "))));
        if (column.contains(name))
            return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: line 1: column %1 is named twice").arg(name));
        column.insert(name, i);
    }
    if (!column.contains(QStringLiteral("address")))
        return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: line 1: the column \"address\" is required"));
    QList<UserOps::UserSpec> out;
    for (qsizetype r = 1; r < all->size(); ++r) {
        const Record &rec = all->at(r);
        if (rec.fields.size() > header.size())
            return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: line %1: %2 fields, but the header names %3 columns").arg(rec.line).arg(rec.fields.size()).arg(header.size()));
        const auto get = [&](const QString &name) {
            const qsizetype i = column.value(name, -1);
            return i >= 0 && i < rec.fields.size() ? rec.fields.at(i) : QString();
        };
        UserOps::UserSpec spec;
        const QString address = get(QStringLiteral("address")).trimmed();
        const qsizetype at = address.lastIndexOf(u'@');
        if (at <= 0 || at == address.size() - 1)
            return OpError::invalid(QStringLiteral("address"), QStringLiteral("address: line %1: \"%2\" is not an address like john@example.com").arg(rec.line).arg(address.left(80)));
        spec.localPart = address.left(at);
        spec.domain = address.mid(at + 1);
        spec.givenName = get(QStringLiteral("given-name"));
        spec.surname = get(QStringLiteral("surname"));
        spec.password = get(QStringLiteral("password"));
        spec.mailHost = get(QStringLiteral("mail-host")).trimmed();
        spec.mailQuota = get(QStringLiteral("mail-quota")).trimmed();
        spec.ftpQuota = get(QStringLiteral("ftp-quota")).trimmed();
        auto mailbox = yesNo(get(QStringLiteral("mailbox")), QStringLiteral("yes"), QStringLiteral("no"), rec.line, QStringLiteral("mailbox"), true);
        if (!mailbox.ok())
            return mailbox.error();
        spec.mailbox = *mailbox;
        auto ftp = yesNo(get(QStringLiteral("ftp")), QStringLiteral("enabled"), QStringLiteral("disabled"), rec.line, QStringLiteral("ftp"), true);
        if (!ftp.ok())
            return ftp.error();
        spec.ftpEnabled = *ftp;
        QString forwards = get(QStringLiteral("forwards"));
        forwards.replace(u';', u' ');
        spec.forwards = forwards.split(u' ', Qt::SkipEmptyParts);
        out << spec;
    }
    return out;
}

} // namespace Isp::Core
