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
  // French writes the first day of a month as an ordinal (1er avril), as the server does.
  const first = lang.startsWith('fr') ? '1er' : undefined;
  for (const element of document.querySelectorAll('time[data-local]')) {
    const date = new Date(element.getAttribute('datetime'));
    if (Number.isNaN(date.getTime())) continue;
    element.title = element.textContent;
    element.textContent = format
      .formatToParts(date)
      .map((part) => (part.type === 'day' && part.value === '1' && first ? first : part.value))
      .join('');
  }
})();

// A deadline's time zone select starts at UTC: where the reader's zone is known and offered, choose
// it, and show the saved deadline (its UTC instant) in that zone. A browser may name a zone by its
// other name (Asia/Kolkata where the list has Asia/Calcutta): an option's data-aliases lists those.
(() => {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  const names = (option) => [option.value, ...(option.dataset.aliases ?? '').split(' ')];
  for (const select of document.querySelectorAll('select[data-zone-of][data-default]')) {
    const offered = zone && [...select.options].find((option) => names(option).includes(zone));
    if (!offered) continue;
    const input = document.getElementById(select.dataset.zoneOf);
    const instant = input?.dataset.instant ? new Date(input.dataset.instant) : undefined;
    if (instant && !Number.isNaN(instant.getTime())) {
      const parts = {};
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
      input.value = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
    }
    select.value = offered.value;
  }
})();
