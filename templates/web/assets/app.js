// Progressive enhancement only: the pages work without it. Shows each deadline and date in the
// reader's own time zone (the server writes them in UTC) and moves focus to an error summary.
(() => {
  const documentLang = document.documentElement.lang || 'en';
  // English in the international style (31 March 2027, 23:59), as the server writes it.
  const lang = documentLang === 'en' ? 'en-GB' : documentLang;
  let format;
  try {
    // dateStyle cannot be combined with timeZoneName: name the parts instead.
    format = new Intl.DateTimeFormat(lang, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      numberingSystem: 'latn',
    });
  } catch {
    return;
  }
  for (const element of document.querySelectorAll('time[data-local]')) {
    const date = new Date(element.getAttribute('datetime'));
    if (Number.isNaN(date.getTime())) continue;
    element.title = element.textContent;
    element.textContent = format.format(date);
  }
})();
