// ImportDialog: bulk imports from files, with a look before anything is written. An admin who
// loads 300 users from a spreadsheet wants to see which rows core will refuse before the import,
// and wants an import that can be stopped and that says afterwards exactly what went in and what
// did not. Three kinds:
// - users from CSV (core/ops/usercsv.h): each row is checked by UserOps::addMany itself (see
//   checkUserRows), then the good rows are added in chunks, each chunk all-or-nothing, so a
//   cancel or a refusal leaves whole chunks — a prefix of the file — in the directory;
// - a BIND zone file into an existing zone (DnsOps::importZone, one transaction);
// - an ISPMan 1.x LDIF export (Ispman1Import, previewed with dryRun).
//
// Steps: choose kind and file -> preview (table, nothing written) -> import (progress, Cancel
// between chunks) -> summary.
//
// Thread affinity: GUI thread; the reads and writes run on the Backend's worker.
#pragma once

#include "console/consolecontext.h"
#include "core/ops/userops.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace Isp::Console {

class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { UserCsv, ZoneFile, Ispman1Ldif };
    Q_ENUM(Kind)
    enum class Step { Choose, Preview, Importing, Summary };
    Q_ENUM(Step)

    explicit ImportDialog(const ConsoleContext &context, QWidget *parent = nullptr);

    void setKind(Kind kind);
    void setFile(const QString &path);
    // Zone files: the zone to load into (guessed from the file's $ORIGIN when left empty), and
    // whether the zone becomes the file (records, SOA fields, TTL) instead of gaining its records.
    void setZone(const QString &zone);
    void setReplaceZone(bool replace);
    // Users per chunk (default 50): one addMany each, the unit of progress and of cancelling.
    void setChunkSize(int rows);

    [[nodiscard]] Kind kind() const;
    [[nodiscard]] Step step() const { return m_step; }

    // What the last import did (also shown in the summary).
    struct Outcome
    {
        int total = 0;             // rows or objects the file holds
        QStringList imported;      // users' addresses; records; objects
        QList<std::pair<QString, QString>> notImported; // what, why
        bool cancelled = false;
        QString error;             // what stopped the import, if something did
    };
    [[nodiscard]] const Outcome &outcome() const { return m_outcome; }
    // Preview: the problem found for each row (empty: fine), in file order.
    [[nodiscard]] QStringList previewProblems() const { return m_problems; }

public Q_SLOTS:
    void preview();
    void startImport();
    void cancelImport();

Q_SIGNALS:
    void previewReady();
    void importFinished();

private:
    void setStep(Step step);
    void showError(const QString &message);
    [[nodiscard]] std::optional<QByteArray> readFile(qsizetype maxBytes);
    void kindChanged();

    void previewUsers(const QByteArray &bytes);
    void previewZone(const QByteArray &bytes);
    void previewLdif(const QByteArray &bytes);
    void fillTable(const QStringList &headers, const QList<QStringList> &rows, int problemColumn);

    void importNextUserChunk();
    void importZone();
    void importLdif();
    void finish();

    ConsoleContext m_context;
    Step m_step = Step::Choose;
    QStackedWidget *m_pages;
    QComboBox *m_kind;
    QLineEdit *m_file;
    QLineEdit *m_zone;
    QCheckBox *m_replace;
    QLabel *m_zoneLabel;
    QLabel *m_message;
    QPushButton *m_previewButton;
    QTableWidget *m_table;
    QLabel *m_previewSummary;
    QPushButton *m_importButton;
    QProgressBar *m_progress;
    QLabel *m_progressText;
    QPushButton *m_cancelButton;
    QPlainTextEdit *m_summary;

    // What the preview read; the import uses exactly this, not the file again.
    QList<Core::UserOps::UserSpec> m_users;
    QStringList m_problems;
    QString m_zoneText;
    QString m_zoneName;
    QByteArray m_ldif;

    // The running user import.
    QList<qsizetype> m_todo; // indices into m_users still to add, in file order
    qsizetype m_next = 0;
    int m_chunkSize = 50;
    bool m_cancelRequested = false;
    Outcome m_outcome;
};

} // namespace Isp::Console
