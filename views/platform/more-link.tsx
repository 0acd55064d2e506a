/**
 * "More": the link to the next page of a list, which htmx swaps in place of its own wrapper (the
 * next rows end with their own "more"); without JavaScript it is an ordinary link.
 */
export function MoreLink({ href, target, label }: { href: string; target: string; label: string }) {
  return (
    <a
      class="button secondary"
      href={href}
      hx-get={href}
      hx-target={`#${target}`}
      hx-swap="outerHTML"
    >
      {label}
    </a>
  );
}

/** The "more" link as the last item of a list. */
export function MoreListItem({ id, href, label }: { id: string; href: string; label: string }) {
  return (
    <li class="pager" id={id}>
      <MoreLink href={href} target={id} label={label} />
    </li>
  );
}
