// Request and Response of the customer panel: plain values, copied out of Qt's request object
// so that a handler may answer later (after LDAP work on a worker thread) without touching
// anything the HTTP server owns.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <optional>
#include <utility>

namespace Isp::Panel {

struct Session
{
    QString domain;      // the domain owner's domain (normalised), the only identity a page uses
    QByteArray id;       // random; CSRF tokens are derived from it
    qint64 issued = 0;   // seconds since the epoch
    qint64 expires = 0;
    QString openedBy;    // an administrator's DN when the session came from a login link
};

struct Request
{
    enum class Method { Get, Post, Head, Other };
    Method method = Method::Other;
    QString path;
    QUrlQuery query;
    QHash<QString, QString> form;        // POST body (application/x-www-form-urlencoded), UTF-8 checked
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QHash<QByteArray, QByteArray> cookies;
    QHostAddress peer;
    QStringList args;                    // the route pattern's <...> parts, percent-decoded
    std::optional<Session> session;      // set by the server when the session cookie is valid
    QByteArray csrfToken;                // the token forms of this request's page must carry
    bool secure = false;                 // came over TLS (or from a trusted proxy that says so)

    [[nodiscard]] QString arg(int i) const { return args.value(i); }
    [[nodiscard]] QString field(const QString &name) const { return form.value(name); }
    [[nodiscard]] QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct Response
{
    int status = 200;
    QByteArray contentType = "text/html; charset=utf-8";
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;

    static Response html(const QByteArray &body, int status = 200) { return {status, "text/html; charset=utf-8", body, {}}; }
    static Response text(const QByteArray &body, int status = 200) { return {status, "text/plain; charset=utf-8", body, {}}; }
    // 303 See Other: the answer to a POST that worked (the browser then GETs `location`).
    static Response redirect(const QString &location)
    {
        Response r{303, "text/plain; charset=utf-8", "See " + location.toUtf8() + '\n', {}};
        r.headers.append({"Location", location.toUtf8()});
        return r;
    }
    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append({name, value}); }
};

// Called exactly once per request, on the server's thread.
using Reply = std::function<void(Response)>;
using Handler = std::function<void(Request &, Reply)>;

QString statusText(int status);

} // namespace Isp::Panel
