// MetricsServer: GET /metrics (Prometheus text format) and GET /healthz (200 "ok" while the agent
// is connected and in sync, else 503) on a local address. A few lines of HTTP/1.0 on a
// QTcpServer: the agent serves two read-only pages, so it does not pull in an HTTP framework.
// Requests are bounded (8 KiB, 5 s); anything else is 404/405. Lives on the agent's thread.
#pragma once

#include "agent/metrics.h"

#include <QHostAddress>
#include <QObject>

class QTcpServer;
class QTcpSocket;

namespace Isp::Agent {

class MetricsServer : public QObject
{
    Q_OBJECT

public:
    MetricsServer(const Metrics &metrics, QObject *parent = nullptr);
    // port 0: any free port. False with the reason when it cannot listen.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    [[nodiscard]] quint16 port() const;

private:
    void serve(QTcpSocket *socket);

    const Metrics &m_metrics;
    QTcpServer *m_server = nullptr;
};

} // namespace Isp::Agent
