#include "lineagepanel.h"

#include "itemmodels/snapshotmodelbase.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QLabel>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

constexpr int kMaxHops = 50;

// -1 in the spin box reads "all".
QSpinBox *hopsBox(const QString &objectName, const QString &tip, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(-1, kMaxHops);
    box->setSpecialValueText(u"all"_s);
    box->setValue(1);
    box->setToolTip(tip);
    box->setKeyboardTracking(false);
    return box;
}

}  // namespace

LineagePanel::LineagePanel(QWidget *parent)
    : QWidget(parent),
      m_view(new LineageView(this)),
      m_back(new QToolButton(this)),
      m_forward(new QToolButton(this)),
      m_title(new QLabel(this)),
      m_level(new QComboBox(this)),
      m_up(hopsBox(u"upstreamHops"_s, u"Hops upstream of the focus (\"all\": the whole lineage)"_s, this)),
      m_down(hopsBox(u"downstreamHops"_s, u"Hops downstream of the focus (\"all\": everything it feeds)"_s, this)),
      m_reset(new QToolButton(this))
{
    setObjectName(u"lineagePanel"_s);
    m_view->setObjectName(u"lineageView"_s);
    m_back->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_back->setToolTip(u"Back to the previous focus (Alt+Left)"_s);
    m_back->setShortcut(Qt::ALT | Qt::Key_Left);
    m_back->setObjectName(u"focusBack"_s);
    m_forward->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    m_forward->setToolTip(u"Forward (Alt+Right)"_s);
    m_forward->setShortcut(Qt::ALT | Qt::Key_Right);
    m_forward->setObjectName(u"focusForward"_s);
    m_title->setObjectName(u"focusTitle"_s);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_level->setObjectName(u"focusLevel"_s);
    for (const Level level : {Level::Dataset, Level::Product, Level::Domain})
        m_level->addItem(levelName(level).left(1).toUpper() + levelName(level).mid(1), int(level));
    m_reset->setText(u"Show All"_s);
    m_reset->setToolTip(u"Bring back hidden nodes and undo expansions"_s);
    m_reset->setObjectName(u"focusReset"_s);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 4);
    bar->addWidget(m_back);
    bar->addWidget(m_forward);
    bar->addWidget(m_title, 1);
    bar->addWidget(new QLabel(u"Level"_s, this));
    bar->addWidget(m_level);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(u"Upstream"_s, this));
    bar->addWidget(m_up);
    bar->addWidget(new QLabel(u"Downstream"_s, this));
    bar->addWidget(m_down);
    bar->addWidget(m_reset);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_back, &QToolButton::clicked, this, &LineagePanel::back);
    connect(m_forward, &QToolButton::clicked, this, &LineagePanel::forward);
    connect(m_view, &LineageView::stepRequested, this, &LineagePanel::go);
    connect(m_up, &QSpinBox::valueChanged, this, [this] { if (!m_syncing) go(editedStep()); });
    connect(m_down, &QSpinBox::valueChanged, this, [this] { if (!m_syncing) go(editedStep()); });
    connect(m_level, &QComboBox::currentIndexChanged, this, [this] {
        if (m_syncing)
            return;
        m_chosenLevel = Level(m_level->currentData().toInt());
        go(editedStep());
    });
    connect(m_reset, &QToolButton::clicked, this, [this] {
        FocusStep step = editedStep();
        step.hidden.clear();
        step.expandUp.clear();
        step.expandDown.clear();
        step.pathToKey.clear();
        go(step);
    });
    syncControls();
}

void LineagePanel::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = snapshot;
    m_view->setSnapshot(std::move(snapshot));
    syncControls();
}

FocusStep LineagePanel::editedStep() const
{
    FocusStep step = m_history.current() ? *m_history.current() : FocusStep{};
    step.level = Level(m_level->currentData().toInt());
    step.upstreamDepth = m_up->value();
    step.downstreamDepth = m_down->value();
    return step;
}

void LineagePanel::focusOn(NodeId id)
{
    if (!m_snapshot || id >= m_snapshot->nodeCount())
        return;
    FocusStep step = editedStep();
    step.focusKey = m_snapshot->keyString(id);
    step.hidden.clear();
    step.expandUp.clear();
    step.expandDown.clear();
    step.pathToKey.clear();
    // Domains and products are shown at their own level (a domain has no dataset-level
    // node, and a product asked for is the product, not its domain); anything else at the
    // level the user last chose in the panel (its product's or domain's lineage at coarser
    // levels), not one a domain or product focus switched to on its own.
    const EntityKind kind = m_snapshot->node(id).kind;
    if (kind == EntityKind::Domain)
        step.level = Level::Domain;
    else if (kind == EntityKind::Product)
        step.level = Level::Product;
    else
        step.level = m_chosenLevel;
    go(step);
}

void LineagePanel::go(const FocusStep &step)
{
    if (step.focusKey.isEmpty())
        return;
    m_history.push(step);
    m_view->showStep(step);
    syncControls();
}

void LineagePanel::back()
{
    if (const FocusStep *step = m_history.back()) {
        m_view->showStep(*step);
        syncControls();
    }
}

void LineagePanel::forward()
{
    if (const FocusStep *step = m_history.forward()) {
        m_view->showStep(*step);
        syncControls();
    }
}

void LineagePanel::setUpstreamDepth(int hops) { m_up->setValue(hops < 0 ? -1 : hops); }
void LineagePanel::setDownstreamDepth(int hops) { m_down->setValue(hops < 0 ? -1 : hops); }
void LineagePanel::setLevel(Level level) { m_level->setCurrentIndex(m_level->findData(int(level))); }

void LineagePanel::syncControls()
{
    m_syncing = true;
    const FocusStep *step = m_history.current();
    m_back->setEnabled(m_history.canGoBack());
    m_forward->setEnabled(m_history.canGoForward());
    m_reset->setEnabled(step && (!step->hidden.isEmpty() || !step->expandUp.isEmpty()
                                 || !step->expandDown.isEmpty() || !step->pathToKey.isEmpty()));
    const bool path = step && !step->pathToKey.isEmpty();
    m_up->setEnabled(!path);  // a path view has no depths
    m_down->setEnabled(!path);
    if (step) {
        m_level->setCurrentIndex(m_level->findData(int(step->level)));
        m_up->setValue(step->upstreamDepth);
        m_down->setValue(step->downstreamDepth);
        const auto nameOf = [this](const QString &keyText) -> QString {
            if (m_snapshot) {
                const QByteArray key = keyText.toUtf8();
                if (const auto id = m_snapshot->find(std::string_view(key.constData(), std::size_t(key.size()))))
                    return SnapshotModelBase::displayName(*m_snapshot, *id);
            }
            return keyText;
        };
        QString title = u"<b>"_s + nameOf(step->focusKey).toHtmlEscaped() + u"</b>"_s;
        if (path)
            title = u"Paths between "_s + title + u" and <b>"_s + nameOf(step->pathToKey).toHtmlEscaped() + u"</b>"_s;
        m_title->setText(title
                         + (step->hidden.isEmpty() ? QString()
                                                   : u"  \u00b7  %1 hidden"_s.arg(step->hidden.size())));
        m_title->setToolTip(step->focusKey);
    } else {
        m_title->setText(u"No focus"_s);
    }
    m_syncing = false;
}

}  // namespace meshlens
