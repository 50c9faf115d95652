// Command: one thing an admin does in the console (create, edit, delete, suspend, move, retry
// a process ...), as an object: a text for the history and an apply step that runs a core
// operation on the worker and, when the directory allows going back, yields the command that
// undoes it (built from the state it read, e.g. the old quota). Kleopatra's command objects,
// without a class per verb: editors build Commands from lambdas over core/ops.
//
// CommandStack runs Commands through the Backend and keeps the undo history in a QUndoStack
// (so Edit > Undo/Redo and the history view come from Qt). A command that cannot be undone
// (deleting a mailbox deletes its mail) clears the history: older steps may depend on what it
// removed. An undo that fails is reported and clears the history too.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/backend.h"

#include <QUndoStack>

#include <memory>

namespace Isp::Console {

struct Command
{
    QString text;
    // Runs on the worker. Yields the inverse command, or nullptr when this cannot be undone.
    std::function<Core::OpResult<std::shared_ptr<Command>>(Core::DirectorySession &)> apply;

    // A command whose inverse is known in advance (suspend/resume, add/remove alias).
    static std::shared_ptr<Command> make(const QString &text,
                                         std::function<Core::OpResult<Core::Done>(Core::DirectorySession &)> apply,
                                         std::shared_ptr<Command> inverse = nullptr);
};

class CommandStack : public QObject
{
    Q_OBJECT

public:
    explicit CommandStack(Backend *backend, QObject *parent = nullptr);

    [[nodiscard]] QUndoStack *undoStack() { return &m_stack; }
    [[nodiscard]] Backend *backend() const { return m_backend; }

    using Finished = std::function<void(Core::OpResult<Core::Done>)>;
    // Runs `command`; `done` (optional) gets the result once the live view shows it.
    void execute(std::shared_ptr<Command> command, QObject *context = nullptr, Finished done = {});
    [[nodiscard]] bool isRunning() const { return m_running > 0; }

Q_SIGNALS:
    void executed(const QString &text);
    void failed(const QString &text, const Isp::Core::OpError &error);
    void runningChanged(bool running);

private:
    class Entry;
    void run(std::shared_ptr<Command> command, QObject *context,
             std::function<void(Core::OpResult<std::shared_ptr<Command>>)> done);

    Backend *m_backend;
    QUndoStack m_stack;
    int m_running = 0;
    bool m_replaying = false;
};

} // namespace Isp::Console
