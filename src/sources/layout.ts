/** What papers print around their stories, as both PDF and HTML pages carry it. */

/** A story continued from another page (（上接第1版）, （接第3版）): the page it began on is group 1. */
export const CONTINUED_FROM = /^[（(]\s*(?:上接|接)\s*(?:第\s*)?([\d一二三四五六七八九十]+)\s*[版页]\s*[）)]/;
/** A story that goes on on another page (（下转第4版）), at its end. */
export const CONTINUED_ON = /[（(]\s*(?:下转|转)\s*(?:第\s*)?[\d一二三四五六七八九十]+\s*[版页]\s*[）)]\s*$/;
