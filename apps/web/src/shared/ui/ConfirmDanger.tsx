import { useId } from 'react';

type Props = {
  question: string;
  /** The button that does it (styled as danger) and the one that backs out. */
  yes: string;
  no: string;
  onYes: () => void;
  onNo: () => void;
  busy?: boolean;
  /** Focus the button that does it (where saying yes is the expected answer, e.g. going off duty). */
  focusYes?: boolean;
  /** Focus the button that backs out (where a reflex could have asked, e.g. Esc in a form being filled in). */
  focusNo?: boolean;
  className?: string;
  testId?: string;
  yesTestId?: string;
};

/** The question asked before something hard to take back: ending someone's access, deleting an account, going off duty. */
export function ConfirmDanger({ question, yes, no, onYes, onNo, busy = false, focusYes = false, focusNo = false, className, testId, yesTestId }: Props) {
  const questionId = useId();
  return (
    <div className={className} role="alertdialog" aria-labelledby={questionId} data-testid={testId}>
      <p id={questionId}>{question}</p>
      <div className="row">
        <button type="button" className="danger" disabled={busy} onClick={onYes} autoFocus={focusYes} data-testid={yesTestId}>
          {yes}
        </button>
        <button type="button" disabled={busy} onClick={onNo} autoFocus={focusNo}>
          {no}
        </button>
      </div>
    </div>
  );
}
