#include "mappingfileactions.h"

#include "meshdocument.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

const QString kMappingKey = u"mapping/file"_s;

}  // namespace

MappingFileActions::MappingFileActions(MeshDocument *document, QWidget *window)
    : QObject(window), m_document(document), m_window(window), m_label(new QLabel(window))
{
    m_label->setObjectName(u"mappingStatus"_s);
    m_label->hide();
}

void MappingFileActions::addTo(QMenu *menu)
{
    m_use = menu->addAction(u"Use Ma&pping File\u2026"_s, this, &MappingFileActions::chooseFile);
    m_use->setObjectName(u"useMappingAction"_s);
    m_use->setStatusTip(u"Assign domains and products by namespace and name patterns when importing"_s);
    m_stop = menu->addAction(u"Stop Using Mapping File"_s, this, &MappingFileActions::stopUsing);
    m_stop->setObjectName(u"stopMappingAction"_s);
    update();
}

bool MappingFileActions::use(const QString &path)
{
    QStringList problems;
    if (!m_document->setMappingFile(path, &problems)) {
        Q_EMIT problem(u"Mapping file not used"_s,
                       QDir::toNativeSeparators(path) + u" has errors; imports go on without it."_s,
                       problems.join(u'\n'));
        return false;
    }
    QSettings().setValue(kMappingKey, m_document->mappingFile());
    // Warnings (unknown keys) do not stop a mapping file; say they are there.
    QString message = u"Imports now use the mapping file "_s + QFileInfo(path).fileName();
    if (!problems.isEmpty())
        message += u" ("_s + QString::number(problems.size()) + u" warnings: "_s + problems.first() + u')';
    Q_EMIT statusMessage(message);
    update();
    return true;
}

void MappingFileActions::stopUsing()
{
    m_document->clearMappingFile();
    QSettings().remove(kMappingKey);
    update();
}

void MappingFileActions::restore()
{
    const QString path = QSettings().value(kMappingKey).toString();
    if (path.isEmpty())
        return;
    QStringList problems;
    if (!QFileInfo::exists(path) || !m_document->setMappingFile(path, &problems)) {
        QSettings().remove(kMappingKey);
        Q_EMIT statusMessage(u"The mapping file "_s + QDir::toNativeSeparators(path)
                             + (QFileInfo::exists(path) ? u" has errors"_s : u" is gone"_s)
                             + u"; imports go on without it."_s);
    }
    update();
}

void MappingFileActions::chooseFile()
{
    const QString start = m_document->mappingFile().isEmpty() ? QDir::homePath() : m_document->mappingFile();
    const QString path = QFileDialog::getOpenFileName(m_window, u"Use Mapping File"_s, start,
                                                      u"Mapping files (*.yaml *.yml);;All files (*)"_s);
    if (!path.isEmpty())
        use(path);
}

void MappingFileActions::update()
{
    const QString &file = m_document->mappingFile();
    m_label->setVisible(!file.isEmpty());
    m_label->setText(u"Mapping: "_s + QFileInfo(file).fileName());
    m_label->setToolTip(QDir::toNativeSeparators(file));
    if (m_stop)
        m_stop->setEnabled(!file.isEmpty());
}

}  // namespace meshlens
