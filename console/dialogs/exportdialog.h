// ExportDialog: a domain's data out to a file, in the formats the console and the CLI read back
// in: its DNS zone as a BIND zone file (`ispman dns export`), its users as CSV (the columns
// ImportDialog and `ispman user import` read; passwords are not exported, the directory holds
// only their hashes), or its subtree as LDIF (LdifOps, for `ispman ldif import`).
//
// Thread affinity: GUI thread; the reads run on the Backend's worker.
#pragma once

#include "console/consolecontext.h"
#include "core/model/mailuser.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Isp::Console {

class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { ZoneFile, UserCsv, DomainLdif };
    Q_ENUM(Kind)

    explicit ExportDialog(const ConsoleContext &context, QWidget *parent = nullptr);

    void setKind(Kind kind);
    void setDomain(const QString &domain);
    void setFile(const QString &path);
    [[nodiscard]] Kind kind() const;
    [[nodiscard]] QString message() const;

    // The users as CSV with a header line; parseUserCsv() reads it back (without passwords).
    [[nodiscard]] static QByteArray usersCsv(const QList<Core::MailUser> &users);

public Q_SLOTS:
    // Reads the data and writes the file; exportFinished() tells how it went.
    void exportNow();

Q_SIGNALS:
    void exportFinished(bool ok, const QString &message);

private:
    void write(const QByteArray &data, const QString &what);
    void failed(const QString &message);

    ConsoleContext m_context;
    QComboBox *m_kind;
    QLineEdit *m_domain;
    QLineEdit *m_file;
    QLabel *m_message;
    QPushButton *m_export;
};

} // namespace Isp::Console
