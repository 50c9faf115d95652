#include "core/acl/signedtoken.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace Isp::Core::SignedToken {

namespace {

constexpr auto B64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray rawMac(const QByteArray &key, const QString &purpose, const QByteArray &data)
{
    QMessageAuthenticationCode m(QCryptographicHash::Sha256, key);
    m.addData(purpose.toUtf8());
    m.addData(".", 1);
    m.addData(data);
    return m.result();
}

} // namespace

QByteArray mac(const QByteArray &key, const QString &purpose, const QByteArray &data)
{
    return rawMac(key, purpose, data).toBase64(B64);
}

bool equal(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

QByteArray sign(const QByteArray &key, const QString &purpose, QJsonObject claims, const QDateTime &expires)
{
    Q_ASSERT(key.size() >= MinKeyBytes);
    claims.insert(QStringLiteral("exp"), expires.toSecsSinceEpoch());
    const QByteArray payload = QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(B64);
    return payload + '.' + mac(key, purpose, payload);
}

std::optional<QJsonObject> verify(const QByteArray &key, const QString &purpose, const QByteArray &token, const QDateTime &now)
{
    if (key.size() < MinKeyBytes || token.size() > 4096)
        return std::nullopt;
    const qsizetype dot = token.indexOf('.');
    if (dot <= 0 || token.indexOf('.', dot + 1) >= 0)
        return std::nullopt;
    const QByteArray payload = token.left(dot);
    if (!equal(mac(key, purpose, payload), token.mid(dot + 1)))
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(payload, B64 | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    QJsonObject claims = doc.object();
    const QJsonValue exp = claims.value(QStringLiteral("exp"));
    if (!exp.isDouble() || qint64(exp.toDouble()) <= now.toSecsSinceEpoch())
        return std::nullopt;
    return claims;
}

QByteArray randomId(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (int i = 0; i < bytes; ++i)
        raw[i] = char(QRandomGenerator::system()->bounded(256));
    return raw.toBase64(B64);
}

std::optional<QByteArray> readKeyFile(const QString &path, QString *error)
{
    QFileInfo info(path);
    if (!info.exists()) {
        *error = QStringLiteral("secret key file %1 does not exist (create one with: head -c 48 /dev/urandom | base64 > FILE; chmod 600 FILE)").arg(path);
        return std::nullopt;
    }
    if (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther)) {
        *error = QStringLiteral("secret key file %1 may be read by others: chmod 600 it").arg(path);
        return std::nullopt;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the secret key file %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    QByteArray key = f.read(4096).trimmed();
    if (key.size() < MinKeyBytes) {
        *error = QStringLiteral("secret key file %1 holds %2 bytes; at least %3 are needed").arg(path).arg(key.size()).arg(MinKeyBytes);
        return std::nullopt;
    }
    return key;
}

bool writeNewKeyFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(randomId(48) + '\n');
    return true;
}

} // namespace Isp::Core::SignedToken
