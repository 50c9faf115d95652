// SignedToken: small claims signed with HMAC-SHA256 under a secret key, for state that a client
// carries and must not be able to forge: the customer panel's session cookies and CSRF tokens,
// and the short-lived login links with which an administrator opens a domain's panel (console,
// `ispman panel link`). Every panel instance sharing the key accepts the others' tokens, so
// several instances can run behind a load balancer without shared session storage.
//
// Form: base64url(JSON claims) "." base64url(HMAC(key, purpose "." payload)). The purpose keeps a
// token of one kind ("session") from being accepted as another ("login"). "exp" (seconds since
// the epoch) is required and checked.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Isp::Core::SignedToken {

// Keys shorter than this are refused (readKeyFile, sign, verify).
inline constexpr int MinKeyBytes = 32;

QByteArray sign(const QByteArray &key, const QString &purpose, QJsonObject claims, const QDateTime &expires);
// The claims, when the signature is right, the purpose matches and "exp" is in the future.
std::optional<QJsonObject> verify(const QByteArray &key, const QString &purpose, const QByteArray &token,
                                  const QDateTime &now = QDateTime::currentDateTimeUtc());
// HMAC of `data` under `key` for `purpose`, base64url: tokens derived from another (CSRF).
QByteArray mac(const QByteArray &key, const QString &purpose, const QByteArray &data);
// Constant-time comparison.
bool equal(const QByteArray &a, const QByteArray &b);
// `bytes` random bytes from the system's generator, base64url.
QByteArray randomId(int bytes = 18);
// The key in `path` (its bytes, trailing newline removed). Refuses a missing or short file and a
// file others may read (mode must deny group and other access).
std::optional<QByteArray> readKeyFile(const QString &path, QString *error);
// Writes a new random key to `path` (mode 0600), for set-up scripts.
bool writeNewKeyFile(const QString &path, QString *error);

} // namespace Isp::Core::SignedToken
