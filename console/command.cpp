#include "console/command.h"

namespace Isp::Console {

using namespace Isp::Core;

std::shared_ptr<Command> Command::make(const QString &text, std::function<OpResult<Core::Done>(DirectorySession &)> apply,
                                       std::shared_ptr<Command> inverse)
{
    auto command = std::make_shared<Command>();
    command->text = text;
    command->apply = [apply = std::move(apply), inverse](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
        auto result = apply(s);
        if (!result.ok())
            return result.error();
        return inverse;
    };
    return command;
}

// One step of the history: already applied when pushed; undo runs the inverse, redo runs the
// forward command again (each yields the next inverse).
class CommandStack::Entry : public QUndoCommand
{
public:
    Entry(CommandStack *owner, std::shared_ptr<Command> forward, std::shared_ptr<Command> inverse)
        : QUndoCommand(forward->text), m_owner(owner), m_forward(std::move(forward)), m_inverse(std::move(inverse))
    {
    }

    void undo() override { replay(m_inverse, true); }
    void redo() override
    {
        if (m_fresh) {
            m_fresh = false; // pushed after it ran
            return;
        }
        replay(m_forward, false);
    }

private:
    void replay(const std::shared_ptr<Command> &command, bool undoing)
    {
        CommandStack *owner = m_owner;
        owner->run(command, owner, [this, owner, undoing, text = command->text](OpResult<std::shared_ptr<Command>> r) {
            if (!r.ok()) {
                Q_EMIT owner->failed(text, r.error());
                // The history no longer matches the directory.
                owner->m_stack.clear();
                return;
            }
            if (!*r) {
                owner->m_stack.clear();
                return;
            }
            if (undoing)
                m_forward = *r;
            else
                m_inverse = *r;
            Q_EMIT owner->executed(text);
        });
    }

    CommandStack *m_owner;
    std::shared_ptr<Command> m_forward, m_inverse;
    bool m_fresh = true;
};

CommandStack::CommandStack(Backend *backend, QObject *parent) : QObject(parent), m_backend(backend) {}

void CommandStack::run(std::shared_ptr<Command> command, QObject *context,
                       std::function<void(OpResult<std::shared_ptr<Command>>)> done)
{
    if (++m_running == 1)
        Q_EMIT runningChanged(true);
    m_backend->run<std::shared_ptr<Command>>(
        context ? context : this, [command](DirectorySession &s) { return command->apply(s); },
        [this, done = std::move(done)](OpResult<std::shared_ptr<Command>> r) {
            if (--m_running == 0)
                Q_EMIT runningChanged(false);
            done(std::move(r));
        });
}

void CommandStack::execute(std::shared_ptr<Command> command, QObject *context, Finished done)
{
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    run(command, this, [this, command, ctx, hadContext, done = std::move(done)](OpResult<std::shared_ptr<Command>> r) {
        if (!r.ok()) {
            Q_EMIT failed(command->text, r.error());
        } else {
            if (*r)
                m_stack.push(new Entry(this, command, *r));
            else
                m_stack.clear();
            Q_EMIT executed(command->text);
        }
        if (done && (!hadContext || ctx))
            done(r.ok() ? OpResult<Core::Done>(Core::Done{}) : OpResult<Core::Done>(r.error()));
    });
}

} // namespace Isp::Console
