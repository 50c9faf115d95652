// EntityEditor: the base of every editor in the console's right-hand pane. It gives a form
// whose fields show core's messages beside them (OpError::field names the field), a banner for
// errors that belong to no field, a Save button that says what will be queued for which hosts,
// and the object's apply state: the processes queued for it (pending -> applied -> failed),
// followed live from ou=processes.
//
// An editor shows one entry (load) or a new one (create mode); it builds Commands and runs
// them through the CommandStack, so every change is in the undo history.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/consolecontext.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace Isp::Console {

// The entries of a list typed in one field: "a, b; c d" -> a, b, c, d.
QStringList splitWords(const QString &text);
// A line edit named for tests (findChild) and for core's error label ("error-<name>").
QLineEdit *lineEdit(QWidget *parent, const QString &objectName, const QString &placeholder = {});

class EntityEditor : public QWidget
{
    Q_OBJECT

public:
    explicit EntityEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    // Shows the entry at `dn` (reads its full state with a core operation).
    virtual void load(const Core::LdapDn &dn) = 0;
    // Create mode: an empty form for a new entry below `container` (e.g. ou=users of a
    // domain). On success the editor loads what it created. Returns false when this editor
    // cannot create (the default).
    virtual bool startNew(const Core::LdapDn &container)
    {
        Q_UNUSED(container);
        return false;
    }
    [[nodiscard]] const Core::LdapDn &dn() const { return m_dn; }
    // A short title for the pane ("User ann@example.com").
    [[nodiscard]] QString title() const { return m_title; }

Q_SIGNALS:
    void titleChanged(const QString &title);
    // The entry was deleted or renamed by this editor: the pane should close or follow.
    void finished();

protected:
    [[nodiscard]] const ConsoleContext &context() const { return m_context; }
    void setDn(const Core::LdapDn &dn);
    void setTitle(const QString &title);

    // The form: add fields in order. `key` is the field name core uses in its errors
    // ("quota", "password", "mail-host" ...); several keys may share a widget.
    [[nodiscard]] QFormLayout *form() const { return m_form; }
    void addField(const QString &key, const QString &label, QWidget *field, const QStringList &alsoKeys = {});
    // Adds a widget below the form (lists of aliases, members ...).
    void addSection(QWidget *section);
    // Buttons row: Save (primary) and others (Delete, Suspend ...).
    QPushButton *addButton(const QString &text, const QString &toolTip = {});
    [[nodiscard]] QPushButton *saveButton() const { return m_save; }
    // "Save — queues modifyUser on mail1.example.net": set once the target hosts are known.
    void setQueuePreview(const QString &what, const QStringList &hosts);

    // Shows `error` beside its field (or in the banner); clears the others.
    void showError(const Core::OpError &error);
    void showMessage(const QString &text); // the banner, informational
    void clearErrors();

    // Asks before something that cannot be undone (delete); always yes when the context says
    // not to ask (tests, scripted runs).
    bool confirm(const QString &question);

    // Runs `command`; on success calls `then` (e.g. reload). Errors go to the form.
    void execute(std::shared_ptr<Command> command, std::function<void()> then = {});
    // Runs a read on the worker (no wait for the live view); errors go to the banner.
    template<typename T>
    void read(std::function<Core::OpResult<T>(Core::DirectorySession &)> op, std::function<void(const T &)> then)
    {
        m_context.backend->run<T>(this, std::move(op), [this, then = std::move(then)](Core::OpResult<T> r) {
            if (!r.ok()) {
                showError(r.error());
                return;
            }
            then(*r);
        }, Backend::Wait::No);
    }

    // Reloads the form (load(dn())) when its entry changes elsewhere — another admin, the CLI,
    // an undo in the history — unless keepsForm() says the admin is typing; emits finished()
    // when it is deleted. For editors that read their entry with core operations.
    void reloadOnLiveChanges();
    // True while the form must not be replaced (create mode, unsaved edits).
    [[nodiscard]] virtual bool keepsForm() const { return false; }

    // The processes queued for this editor's entry, as the apply-state line shows them.
    void refreshApplyState();

private:
    const ConsoleContext m_context;
    Core::LdapDn m_dn;
    QString m_title;
    QLabel *m_banner;
    QLabel *m_applyState;
    QFormLayout *m_form;
    QVBoxLayout *m_sections;
    QWidget *m_buttons;
    QPushButton *m_save;
    QHash<QString, QLabel *> m_fieldErrors; // key -> label under the field
    bool m_sawWork = false;
};

} // namespace Isp::Console
