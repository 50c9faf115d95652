#include "agent/metricsserver.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace Isp::Agent {

namespace {

QByteArray response(int code, const char *reason, const QByteArray &type, const QByteArray &body)
{
    return "HTTP/1.0 " + QByteArray::number(code) + ' ' + reason + "\r\nContent-Type: " + type
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

MetricsServer::MetricsServer(const Metrics &metrics, QObject *parent) : QObject(parent), m_metrics(metrics) {}

bool MetricsServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_server = new QTcpServer(this);
    if (!m_server->listen(address, port)) {
        *error = QStringLiteral("metrics: cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(m_server->errorString());
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_server->nextPendingConnection())
            serve(s);
    });
    return true;
}

quint16 MetricsServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void MetricsServer::serve(QTcpSocket *socket)
{
    auto *timeout = new QTimer(socket);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, socket, &QTcpSocket::abort);
    timeout->start(5000);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
        if (socket->property("answered").toBool())
            return;
        QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
        if (buffer.size() > 8192) {
            socket->write(response(431, "Request Header Fields Too Large", "text/plain", "too large\n"));
            socket->setProperty("answered", true);
            socket->disconnectFromHost();
            return;
        }
        socket->setProperty("buffer", buffer);
        const qsizetype end = buffer.indexOf("\r\n\r\n") >= 0 ? buffer.indexOf("\r\n\r\n") : buffer.indexOf("\n\n");
        if (end < 0)
            return;
        const QList<QByteArray> request = buffer.left(buffer.indexOf('\n')).trimmed().split(' ');
        QByteArray reply;
        if (request.size() < 2 || (request.at(0) != "GET" && request.at(0) != "HEAD")) {
            reply = response(405, "Method Not Allowed", "text/plain", "only GET\n");
        } else {
            const QByteArray path = request.at(1).split('?').first();
            if (path == "/metrics")
                reply = response(200, "OK", "text/plain; version=0.0.4; charset=utf-8", m_metrics.render());
            else if (path == "/healthz")
                reply = m_metrics.healthy() ? response(200, "OK", "text/plain", "ok\n")
                                            : response(503, "Service Unavailable", "text/plain", "not in sync with the directory\n");
            else
                reply = response(404, "Not Found", "text/plain", "/metrics or /healthz\n");
        }
        socket->write(reply);
        socket->setProperty("answered", true);
        socket->disconnectFromHost();
    });
}

} // namespace Isp::Agent
