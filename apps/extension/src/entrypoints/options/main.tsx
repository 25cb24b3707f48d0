import { render } from "preact";
import "../../styles/theme.css";
import "./options.css";
import { OptionsApp } from "../../options/OptionsApp";

const root = document.getElementById("app");
if (root) render(<OptionsApp />, root);
