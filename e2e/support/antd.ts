import type { Locator, Page } from 'playwright-core';

/**
 * Picks an option of an Ant Design select (typing `search` first when given) and checks that the
 * form item shows it. A click that lands while a list is still opening or closing selects nothing,
 * so the pick is tried again — the one place the journeys handle that, instead of each select.
 */
export async function pickOption(page: Page, field: Locator, option: string | RegExp, search?: string): Promise<void> {
  const lists = page.locator('.ant-select-dropdown:visible');
  // The form item around the select: its text is the label and the chosen option (the list itself
  // is rendered elsewhere in the page, so an open list does not count).
  const box = field.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-form-item ")][1]');
  const takes = async () => {
    const text = (await box.textContent()) ?? '';
    return typeof option === 'string' ? text.includes(option) : option.test(text);
  };
  const settle = () =>
    lists
      .first()
      .waitFor({ state: 'hidden', timeout: 3_000 })
      .catch(() => {});
  for (let attempt = 0; attempt < 3; attempt++) {
    await settle(); // another select's list may still be closing
    await field.click();
    if (search !== undefined) await field.fill(search);
    await lists.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
    await settle();
    if (await takes()) return;
  }
  throw new Error(`the select did not take the option ${String(option)}`);
}

/**
 * Clicks `name` in the popconfirm and waits for it to close; `opener`, when given, opens it first
 * (and again if it has closed without taking the click). The click waits for the popover's opening
 * motion to end (classes `*-appear`/`*-enter`); on a busy host a click could still be lost while it
 * opens (seen under CPU load: the popover stayed open, nothing was sent), so it is clicked again
 * while the popover stays open — a taken click closes it at once (every popconfirm here confirms
 * synchronously), so a second click never repeats an action.
 */
export async function confirmPopover(page: Page, name: string, opener?: Locator): Promise<void> {
  const open = page.locator('.ant-popover:visible:not([class*="-leave"])');
  const settled = page.locator('.ant-popover:visible:not([class*="-appear"]):not([class*="-enter"]):not([class*="-leave"])');
  for (let attempt = 0; attempt < 3; attempt++) {
    if (opener && (await open.count()) === 0) await opener.click();
    await settled.getByRole('button', { name, exact: true }).click();
    if (
      await open
        .first()
        .waitFor({ state: 'hidden', timeout: 10_000 })
        .then(
          () => true,
          () => false,
        )
    )
      return;
  }
  throw new Error(`the confirmation "${name}" stayed open`);
}
