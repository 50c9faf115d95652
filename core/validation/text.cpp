#include "core/validation/text.h"

#include "core/validation/validationinternal_p.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

// Offset of the first byte that does not start or continue a valid sequence (RFC 3629 table).
qsizetype firstInvalidUtf8Byte(const QByteArray &bytes)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const uchar b = p[i];
        qsizetype length = 0;
        uchar lo = 0x80;
        uchar hi = 0xbf;
        if (b < 0x80) {
            ++i;
            continue;
        } else if (b >= 0xc2 && b <= 0xdf) {
            length = 2;
        } else if (b == 0xe0) {
            length = 3;
            lo = 0xa0;
        } else if (b == 0xed) {
            length = 3;
            hi = 0x9f;
        } else if (b >= 0xe1 && b <= 0xef) {
            length = 3;
        } else if (b == 0xf0) {
            length = 4;
            lo = 0x90;
        } else if (b >= 0xf1 && b <= 0xf3) {
            length = 4;
        } else if (b == 0xf4) {
            length = 4;
            hi = 0x8f;
        } else {
            return i;
        }
        if (i + length > n)
            return i;
        for (qsizetype k = 1; k < length; ++k) {
            const uchar c = p[i + k];
            const uchar min = k == 1 ? lo : 0x80;
            const uchar max = k == 1 ? hi : 0xbf;
            if (c < min || c > max)
                return i;
        }
        i += length;
    }
    return -1;
}

} // namespace

Validated<QString> utf8(const QString &field, const QByteArray &bytes)
{
    QStringDecoder decoder(
        QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder.decode(bytes);
    const qsizetype bad = firstInvalidUtf8Byte(bytes);
    if (decoder.hasError() || bad >= 0) {
        return ValidationError { field, u"utf8"_s,
            u"%1: the value is not valid UTF-8 (invalid byte sequence at byte %2)"_s.arg(
                field, QString::number(std::max<qsizetype>(bad, 0))) };
    }
    return text;
}

namespace {

qsizetype codePointCount(const QString &text)
{
    qsizetype codePoints = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate())
            ++i;
        ++codePoints;
    }
    return codePoints;
}

} // namespace

Validated<QString> freeText(const QString &field, const QString &value, qsizetype maxLength, Presence presence)
{
    Q_ASSERT(maxLength > 0);
    const QString text = value.trimmed();
    const Subject subject(field, text, u"text value"_s);
    if (text.isEmpty()) {
        if (presence == Presence::Optional)
            return QString();
        return subject.required();
    }
    if (const auto p = textProblem(text))
        return subject.invalid(*p);
    const qsizetype codePoints = codePointCount(text);
    if (codePoints > maxLength)
        return subject.invalid(
            u"length"_s, u"it has %1 characters; at most %2 are allowed"_s.arg(codePoints).arg(maxLength));
    return text;
}

Validated<QString> multilineText(const QString &field, const QString &value, qsizetype maxLength, Presence presence)
{
    Q_ASSERT(maxLength > 0);
    QString text = value;
    text.replace(u"\r\n"_s, u"\n"_s);
    text.replace(u'\r', u'\n');
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1).isSpace())
        --end;
    text.truncate(end);
    // Leading blank lines (not the spaces of the first line that has text).
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'\n')
            start = i + 1;
        else if (!text.at(i).isSpace())
            break;
    }
    text.remove(0, start);
    const Subject subject(field, text, u"text value"_s);
    if (text.trimmed().isEmpty()) {
        if (presence == Presence::Optional)
            return QString();
        return subject.required();
    }
    // The line breaks and tabs allowed here, then every other rule of free text.
    QString flat = text;
    flat.replace(u'\n', u' ').replace(u'\t', u' ');
    if (const auto p = textProblem(flat))
        return subject.invalid(*p);
    const qsizetype codePoints = codePointCount(text);
    if (codePoints > maxLength)
        return subject.invalid(
            u"length"_s, u"it has %1 characters; at most %2 are allowed"_s.arg(codePoints).arg(maxLength));
    return text;
}

} // namespace Isp::Core::Validate
