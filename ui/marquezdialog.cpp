#include "marquezdialog.h"

#include "backgroundjob.h"
#include "ingest/marquezclient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

const QString kUrlKey = u"marquez/url"_s;

QUrl typedUrl(const QString &text)
{
    return QUrl(text.trimmed(), QUrl::StrictMode);
}

}  // namespace

MarquezDialog::MarquezDialog(QWidget *parent)
    : QDialog(parent),
      m_url(new QLineEdit(this)),
      m_namespace(new QComboBox(this)),
      m_useSince(new QCheckBox(u"Only events after"_s, this)),
      m_since(new QDateTimeEdit(this)),
      m_apiKey(new QLineEdit(this)),
      m_test(new QPushButton(u"&Test Connection"_s, this)),
      m_status(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(u"marquezDialog"_s);
    setWindowTitle(u"Connect to Marquez"_s);

    m_url->setObjectName(u"marquezUrl"_s);
    m_url->setPlaceholderText(u"http://localhost:5000"_s);
    m_url->setText(QSettings().value(kUrlKey).toString());
    m_url->setMinimumWidth(360);

    // Editable: a namespace can be typed without testing first. Empty means all of them.
    m_namespace->setObjectName(u"marquezNamespace"_s);
    m_namespace->setEditable(true);
    m_namespace->addItem(QString());
    m_namespace->lineEdit()->setPlaceholderText(u"All namespaces"_s);

    m_since->setObjectName(u"marquezSince"_s);
    m_since->setTimeSpec(Qt::UTC);
    m_since->setDisplayFormat(u"yyyy-MM-dd HH:mm 'UTC'"_s);
    m_since->setCalendarPopup(true);
    m_since->setDateTime(QDateTime::currentDateTimeUtc().addDays(-7));
    m_since->setEnabled(false);
    auto *sinceRow = new QHBoxLayout;
    sinceRow->addWidget(m_useSince);
    sinceRow->addWidget(m_since, 1);

    m_apiKey->setObjectName(u"marquezApiKey"_s);
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(qEnvironmentVariableIsEmpty("MARQUEZ_API_KEY")
                                     ? u"None (optional)"_s
                                     : u"From MARQUEZ_API_KEY"_s);
    m_apiKey->setToolTip(u"Sent as \u201cAuthorization: Bearer\u201d. Never saved, logged or "
                         "written to the cache."_s);

    m_status->setObjectName(u"marquezStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 3);
    m_status->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_test);
    auto *urlLabel = new QLabel(u"&Server URL:"_s, this);
    urlLabel->setBuddy(m_url);  // a row that holds a layout gets no buddy by itself
    auto *form = new QFormLayout;
    form->addRow(urlLabel, urlRow);
    form->addRow(u"&Namespace:"_s, m_namespace);
    form->addRow(QString(), sinceRow);
    form->addRow(u"&API key:"_s, m_apiKey);

    QPushButton *pull = m_buttons->addButton(u"&Pull"_s, QDialogButtonBox::AcceptRole);
    pull->setObjectName(u"marquezPull"_s);
    pull->setDefault(true);
    m_test->setObjectName(u"marquezTest"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_useSince, &QCheckBox::toggled, m_since, &QWidget::setEnabled);
    connect(m_url, &QLineEdit::textChanged, this, &MarquezDialog::updateButtons);
    connect(m_test, &QPushButton::clicked, this, &MarquezDialog::testConnection);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &MarquezDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
}

MarquezDialog::~MarquezDialog()
{
    if (m_cancelTest)
        *m_cancelTest = true;  // the worker stops soon; its result is dropped (QPointer)
}

void MarquezDialog::setServerUrl(const QString &url)
{
    m_url->setText(url);
}

MarquezPullOptions MarquezDialog::options() const
{
    MarquezPullOptions o;
    o.server = typedUrl(m_url->text());
    o.ns = m_namespace->currentText().trimmed();
    if (m_useSince->isChecked())
        o.since = m_since->dateTime().toMSecsSinceEpoch();
    o.apiKey = m_apiKey->text();
    return o;
}

void MarquezDialog::updateButtons()
{
    const bool any = !m_url->text().trimmed().isEmpty();
    m_test->setEnabled(any);
    for (QAbstractButton *b : m_buttons->buttons()) {
        if (m_buttons->buttonRole(b) == QDialogButtonBox::AcceptRole)
            b->setEnabled(any);
    }
}

void MarquezDialog::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #b3261e;"_s : QString());
}

void MarquezDialog::testConnection()
{
    MarquezPullOptions o = options();
    if (const QString bad = MarquezClient::checkServerUrl(o.server); !bad.isEmpty()) {
        showStatus(u"Server URL: "_s + bad, true);
        Q_EMIT connectionTested(false);
        return;
    }
    // A test should answer quickly: fewer retries and a shorter timeout than a pull.
    o.timeoutMs = 10'000;
    o.retries = 1;
    if (m_cancelTest)
        *m_cancelTest = true;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_cancelTest = cancel;
    const quint64 job = ++m_testJob;
    showStatus(u"Connecting to "_s + o.server.toDisplayString() + u"\u2026"_s, false);
    m_test->setEnabled(false);
    runInBackground(
        this, [o, cancel] { return fetchMarquezNamespaces(o, cancel.get()); },
        [this, job](const Result<QStringList> &result) { onTested(job, result); });
}

void MarquezDialog::onTested(quint64 job, const Result<QStringList> &result)
{
    if (job != m_testJob)
        return;  // a newer test replaced this one
    m_test->setEnabled(!m_url->text().trimmed().isEmpty());
    if (!result) {
        showStatus(u"Cannot list the namespaces: "_s + result.errorMessage(), true);
        Q_EMIT connectionTested(false);
        return;
    }
    const QString typed = m_namespace->currentText();
    m_namespace->clear();
    m_namespace->addItem(QString());
    m_namespace->addItems(result.value());
    m_namespace->setCurrentText(typed);
    const qsizetype n = result.value().size();
    showStatus(u"Connected: %1 namespace%2 (%3)."_s.arg(n).arg(n == 1 ? u""_s : u"s"_s)
                   .arg(result.value().join(u", "_s)),
               false);
    Q_EMIT connectionTested(true);
}

void MarquezDialog::accept()
{
    const QUrl url = typedUrl(m_url->text());
    if (const QString bad = MarquezClient::checkServerUrl(url); !bad.isEmpty()) {
        showStatus(u"Server URL: "_s + bad, true);
        return;
    }
    QSettings().setValue(kUrlKey, url.toString());
    QDialog::accept();
}

}  // namespace meshlens
